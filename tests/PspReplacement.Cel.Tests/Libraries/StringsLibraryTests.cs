using PspReplacement.Cel.Libraries;
using static PspReplacement.Cel.Tests.Libraries.LibraryCalls;

namespace PspReplacement.Cel.Tests.Libraries;

public class StringsLibraryTests
{
    private static readonly StringsLibrary V2 = new(2);
    private static readonly StringsLibrary V3 = new(3);

    [Theory]
    [InlineData("tacocat", 3L, "o")]
    [InlineData("tacocat", 7L, "")]
    [InlineData("©αT", 1L, "α")]
    [InlineData("a😀b", 1L, "😀")]
    [InlineData("a😀b", 2L, "b")]
    [InlineData("", 0L, "")]
    public void CharAt_counts_code_points(string s, long i, string expected) => Assert.Equal(expected, Call(V2, "charAt", s, i));

    [Theory]
    [InlineData("tacocat", 8L, "index out of range: 8")]
    [InlineData("tacocat", -1L, "index out of range: -1")]
    public void CharAt_out_of_range_is_an_error(string s, long i, string message) => Assert.Equal(message, ErrorMessage(Call(V2, "charAt", s, i)));

    [Fact]
    public void IndexOf_and_lastIndexOf_follow_cel_go()
    {
        Assert.Equal(0L, Call(V2, "indexOf", "tacocat", ""));
        Assert.Equal(1L, Call(V2, "indexOf", "tacocat", "ac"));
        Assert.Equal(-1L, Call(V2, "indexOf", "tacocat", "none"));
        Assert.Equal(4L, Call(V2, "indexOf", "ta©o©αT", "©", 3L));
        Assert.Equal(-1L, Call(V2, "indexOf", "ta©o©αT", "©α", 5L));
        Assert.Equal(30L, Call(V2, "indexOf", "tacocat", "", 30L));
        Assert.Equal("index out of range: 30", ErrorMessage(Call(V2, "indexOf", "tacocat", "a", 30L)));
        Assert.Equal(7L, Call(V2, "lastIndexOf", "tacocat", ""));
        Assert.Equal(-1L, Call(V2, "lastIndexOf", "", "@@"));
        Assert.Equal(4L, Call(V2, "lastIndexOf", "ta©o©αT", "©"));
        Assert.Equal(6L, Call(V2, "lastIndexOf", "bananananana", "nana", 7L));
        Assert.Equal("index out of range: -1", ErrorMessage(Call(V2, "lastIndexOf", "tacocat", "a", -1L)));
    }

    [Fact]
    public void Ascii_casing_leaves_other_letters_alone()
    {
        Assert.Equal("tacocÆt xii", Call(V2, "lowerAscii", "TacoCÆt Xii"));
        Assert.Equal("TACOCαT", Call(V2, "upperAscii", "tacoCαt"));
    }

    [Theory]
    [InlineData("hello hello", "he", "we", -1L, "wello wello")]
    [InlineData("hello hello", "he", "we", 1L, "wello hello")]
    [InlineData("hello hello", "he", "we", 0L, "hello hello")]
    [InlineData("abc", "", "-", -1L, "-a-b-c-")]
    [InlineData("abc", "", "-", 2L, "-a-bc")]
    [InlineData("1 ©αT taco", "αT", "o©α", -1L, "1 ©o©α taco")]
    public void Replace_like_go(string s, string old, string with, long n, string expected) =>
        Assert.Equal(expected, Call(V2, "replace", s, old, with, n));

    [Fact]
    public void Split_like_go()
    {
        Assert.Equal(L("hello", "world"), Call(V2, "split", "hello world", " "));
        Assert.Equal(L(), Call(V2, "split", "hello world events!", " ", 0L));
        Assert.Equal(L("hello world events!"), Call(V2, "split", "hello world events!", " ", 1L));
        Assert.Equal(L("hello", "world events!"), Call(V2, "split", "hello world events!", " ", 2L));
        Assert.Equal(L("o", "o", "o", "o"), Call(V2, "split", "o©o©o©o", "©", -1L));
        Assert.Equal(L("a", "😀", "b"), Call(V2, "split", "a😀b", ""));
        Assert.Equal(L(""), Call(V2, "split", "", ","));
    }

    [Fact]
    public void Substring_checks_ranges()
    {
        Assert.Equal("cat", Call(V2, "substring", "tacocat", 4L));
        Assert.Equal("", Call(V2, "substring", "tacocat", 7L));
        Assert.Equal("©o©α", Call(V2, "substring", "ta©o©αT", 2L, 6L));
        Assert.Equal("index out of range: 40", ErrorMessage(Call(V2, "substring", "tacocat", 40L)));
        Assert.Equal("index out of range: 50", ErrorMessage(Call(V2, "substring", "tacocat", 1L, 50L)));
        Assert.Equal("invalid substring range. start: 4, end: 3", ErrorMessage(Call(V2, "substring", "tacocat", 4L, 3L)));
    }

    [Fact]
    public void Trim_uses_unicode_white_space_but_not_zero_width_characters()
    {
        Assert.Equal("text", Call(V2, "trim", " \f\n\r\t\vtext  "));
        Assert.Equal("text", Call(V2, "trim", "\u0085\u00a0\u1680text\u2000\u2009\u200a\u2028\u2029\u202F\u205F\u3000"));
        Assert.Equal("\u180etext\u200b\u200c\u200d\u2060\ufeff", Call(V2, "trim", "\u180etext\u200b\u200c\u200d\u2060\ufeff"));
    }

    [Fact]
    public void Join_and_quote_and_reverse()
    {
        Assert.Equal("xy", Call(V2, "join", L("x", "y")));
        Assert.Equal("x-y", Call(V2, "join", L("x", "y"), "-"));
        Assert.Equal("", Call(V2, "join", L(), "-"));
        Assert.Equal("\"first\\nsecond\"", Call(V2, "strings.quote", "first\nsecond"));
        Assert.Equal("\"mid \\\" \\\\ \\a\"", Call(V2, "strings.quote", "mid \" \\ \a"));
        Assert.Equal("\"завтра😀\"", Call(V2, "strings.quote", "завтра😀"));
        Assert.Equal("b😀a", Call(V3, "reverse", "a😀b"));
    }

    [Fact]
    public void Versions_gate_functions_as_cel_go_does()
    {
        Assert.DoesNotContain(new StringsLibrary(0).Overloads, o => o.Function is "format" or "strings.quote");
        Assert.Contains(new StringsLibrary(0).Overloads, o => o.Function == "join");
        Assert.Contains(new StringsLibrary(1).Overloads, o => o.Function == "format");
        Assert.DoesNotContain(V2.Overloads, o => o.Function == "reverse");
    }

    [Fact]
    public void Wrong_element_or_argument_types_are_errors()
    {
        Assert.Equal("join: invalid input: 1", ErrorMessage(Call(V2, "join", L("a", 1L))));
        Assert.Equal("type conversion error from 'int' to 'string'", ErrorMessage(Call(new StringsLibrary(0), "join", L("a", 1L))));
        var charAt = V2.Overloads.Single(o => o.Id == "string_char_at_int");
        Assert.Equal("no such overload", ErrorMessage(charAt.Binary!("hello", true)));
    }
}
