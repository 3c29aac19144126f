using PspReplacement.Cel.Libraries;
using static PspReplacement.Cel.Tests.Libraries.LibraryCalls;

namespace PspReplacement.Cel.Tests.Libraries;

public class Re2Tests
{
    [Theory]
    [InlineData("a(?=b)", "error parsing regexp: invalid or unsupported Perl syntax: `(?=`")]
    [InlineData("a(?!b)", "error parsing regexp: invalid or unsupported Perl syntax: `(?!`")]
    [InlineData("(?<=a)b", "error parsing regexp: invalid or unsupported Perl syntax: `(?<`")]
    [InlineData("(?<!a)b", "error parsing regexp: invalid or unsupported Perl syntax: `(?<`")]
    [InlineData("(?>a+)", "error parsing regexp: invalid or unsupported Perl syntax: `(?>`")]
    [InlineData("(a)\\1", "error parsing regexp: invalid escape sequence: `\\1`")]
    [InlineData("a*+", "error parsing regexp: invalid nested repetition operator: `*+`")]
    [InlineData("a**", "error parsing regexp: invalid nested repetition operator: `**`")]
    [InlineData("abc\\Z", "error parsing regexp: invalid escape sequence: `\\Z`")]
    [InlineData("\\G", "error parsing regexp: invalid escape sequence: `\\G`")]
    [InlineData("a\\ b", "error parsing regexp: invalid escape sequence: `\\ `")]
    [InlineData("(abc", "error parsing regexp: missing closing ): `(abc`")]
    [InlineData("[a-", "error parsing regexp: missing closing ]: `[a-`")]
    [InlineData("(?x)a b", "error parsing regexp: invalid or unsupported Perl syntax: `(?x`")]
    public void Rejects_what_re2_rejects(string pattern, string message)
    {
        Assert.Null(Re2.Compile(pattern, out var error));
        Assert.Equal(message, error);
        Assert.Equal(message, Re2.Validate(pattern));
    }

    [Theory]
    [InlineData("^\\d+$", "123", true)]
    [InlineData("^\\d+$", "١٢٣", false)] // RE2's \d is ASCII only
    [InlineData("^\\w+$", "héllo", false)]
    [InlineData("^[\\w-]+$", "a-b_c", true)]
    [InlineData("^\\s$", "\u00a0", false)]
    [InlineData("^[[:alpha:]]+$", "abcXYZ", true)]
    [InlineData("^[[:digit:][:upper:]]+$", "A1B2", true)]
    [InlineData("^\\pL+$", "héllo", true)]
    [InlineData("^\\p{Lu}", "Éa", true)]
    [InlineData("^(?P<first>a)b$", "ab", true)]
    [InlineData("^\\Qa.b\\E$", "a.b", true)]
    [InlineData("^\\Qa.b\\E$", "axb", false)]
    [InlineData("^\\x{41}\\x42$", "AB", true)]
    [InlineData("a$", "a\n", false)] // RE2's $ is the end of the text, not before a final newline
    [InlineData("(?m)a$", "a\nb", true)]
    [InlineData("(?i)abc", "ABC", true)]
    [InlineData("(?s)a.b", "a\nb", true)]
    [InlineData("a.b", "a\nb", false)]
    [InlineData("^.{2}$", "a😀", true)]
    [InlineData("^.{3}$", "a😀", false)]
    [InlineData("a b#c", "a b#c", true)]
    [InlineData("^\\_\\-\\.\\~$", "_-.~", true)]
    [InlineData("^[^\\D]+$", "123", true)]
    [InlineData("^a{2,3}$", "aaa", true)]
    [InlineData("\\z", "", true)]
    [InlineData("^\\101\\0$", "A\0", true)]
    [InlineData("^\\12$", "\n", true)]
    public void Matches_with_re2_semantics(string pattern, string input, bool expected)
    {
        var regex = Re2.Compile(pattern, out var error);
        Assert.Null(error);
        Assert.Equal(expected, regex!.IsMatch(input));
    }

    [Fact]
    public void Unicode_scripts_are_rejected_with_a_pointer_to_categories() =>
        Assert.Contains("Unicode scripts are not supported", Re2.Validate("\\p{Greek}"));

    [Fact]
    public void Compiled_patterns_are_cached()
    {
        var a = Re2.Compile("^cached-[a-z]+$", out _);
        var b = Re2.Compile("^cached-[a-z]+$", out _);
        Assert.Same(a, b);
    }

    [Fact]
    public void FindAll_skips_empty_matches_right_after_a_match_like_go()
    {
        var lib = new RegexLibrary();
        Assert.Equal(L("", "aaa", ""), Call(lib, "findAll", "baaac", "a*"));
        Assert.Equal(L("1", "2"), Call(lib, "findAll", "a1b2c3", "[0-9]", 2L));
        Assert.Equal(L(), Call(lib, "findAll", "a1b2c3", "[0-9]", 0L));
        Assert.Equal("", Call(lib, "find", "", "x"));
        Assert.Equal("😀", Call(lib, "find", "a😀b", "[^a-z]+"));
    }
}
