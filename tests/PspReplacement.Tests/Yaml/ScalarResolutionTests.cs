using PspReplacement.Yaml;

namespace PspReplacement.Tests.Yaml;

/// <summary>
/// Each rule of docs/yaml.md about what a scalar means: go-yaml v2's resolve.go and decoder.scalar, then the JSON
/// round trip of sigs.k8s.io/yaml and apimachinery (what kubectl's unstructured object holds).
/// </summary>
public class ScalarResolutionTests
{
    internal static YamlDocument Doc(string yaml, YamlRules? rules = null) => YamlReader.ReadText(yaml, "t.yaml", rules ?? YamlRules.Manifests).Single();

    internal static object? Value(string scalar)
    {
        var document = Doc($"v: {scalar}\n");
        Assert.True(document.IsReadable, string.Join("; ", document.Problems));
        return ((SourceMap)document.Root!)["v"]!.ToPlain();
    }

    private static string Problem(string yaml) => Assert.Single(Doc(yaml).Problems).ToString();

    [Theory]
    // resolveMap: YAML 1.1 booleans and nulls, by exact spelling only.
    [InlineData("y", true)] [InlineData("Y", true)] [InlineData("yes", true)] [InlineData("Yes", true)] [InlineData("YES", true)]
    [InlineData("on", true)] [InlineData("On", true)] [InlineData("ON", true)] [InlineData("true", true)] [InlineData("True", true)] [InlineData("TRUE", true)]
    [InlineData("n", false)] [InlineData("N", false)] [InlineData("no", false)] [InlineData("No", false)] [InlineData("NO", false)]
    [InlineData("off", false)] [InlineData("Off", false)] [InlineData("OFF", false)] [InlineData("false", false)] [InlineData("False", false)] [InlineData("FALSE", false)]
    [InlineData("yEs", "yEs")] [InlineData("oN", "oN")] [InlineData("tRue", "tRue")] [InlineData("nULL", "nULL")]
    public void Words_resolve_by_their_exact_spelling(string text, object expected) => Assert.Equal(expected, Value(text));

    [Theory]
    [InlineData("~")] [InlineData("null")] [InlineData("Null")] [InlineData("NULL")] [InlineData("")]
    public void Null_forms_are_null(string text) => Assert.Null(Value(text));

    [Theory]
    // strconv.ParseInt(s, 0, 64) after removing every '_': a sign, 0x, 0o, 0b, and a leading 0 for octal.
    [InlineData("0x1F", 31L)] [InlineData("0X1f", 31L)] [InlineData("-0x1F", -31L)] [InlineData("017", 15L)] [InlineData("0o17", 15L)] [InlineData("0O17", 15L)]
    [InlineData("+12", 12L)] [InlineData("0b101", 5L)] [InlineData("-0b101", -5L)] [InlineData("1_000", 1000L)] [InlineData("+_1", 1L)] [InlineData("1__0", 10L)]
    [InlineData("0x_1F", 31L)] [InlineData("00", 0L)] [InlineData("-0", 0L)] [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)] [InlineData("-0x8000000000000000", long.MinValue)]
    public void Integers_parse_as_go_strconv_parses_them(string text, long expected) => Assert.Equal(expected, Value(text));

    [Theory]
    // A leading underscore is not a number at all (the first byte decides); a lone prefix is text.
    [InlineData("_1")] [InlineData("0x")] [InlineData("0b")] [InlineData("0o")] [InlineData("1.2.3")] [InlineData("1,000")] [InlineData("$1")] [InlineData("12:30:00")]
    [InlineData("1e400")] [InlineData("-1e400")] [InlineData(".infinity")] [InlineData("Infinity")] [InlineData("-Infinity")] [InlineData("inf")] [InlineData("nan")]
    [InlineData("1.5e")] [InlineData("1e")] [InlineData(".e3")] [InlineData("._5")] [InlineData("0x1p-2")] [InlineData("<<")]
    public void Text_that_no_rule_takes_is_a_string(string text) => Assert.Equal(text, Value(text));

    [Theory]
    // Beyond int64 ParseUint takes it, and JSON makes it a float64; beyond uint64 it is a float by the pattern.
    [InlineData("9223372036854775808", 9223372036854775808.0)] [InlineData("18446744073709551615", 18446744073709551615.0)]
    [InlineData("0xFFFFFFFFFFFFFFFF", 18446744073709551615.0)] [InlineData("99999999999999999999", 1e20)] [InlineData("-9223372036854775809", -9223372036854775809.0)]
    [InlineData("100000000000000000000000", 1e23)]
    public void Integers_beyond_int64_become_doubles_never_unsigned(string text, double expected) => Assert.Equal(expected, Value(text));

    [Theory]
    // resolve.go's float pattern, then json.Marshal and the int64-if-it-parses decoding: 1.0 and 1e3 are ints.
    [InlineData("1.0", 1L)] [InlineData("1e3", 1000L)] [InlineData("1E3", 1000L)] [InlineData("1.", 1L)] [InlineData("-1.", -1L)] [InlineData("0.0", 0L)]
    [InlineData("-0.0", 0L)] [InlineData("0e0", 0L)] [InlineData("08", 8L)] [InlineData("1_0.5e1", 105L)] [InlineData("1e20", 100000000000000000000.0)]
    [InlineData("1e21", 1e21)] [InlineData("123456789012345678", 123456789012345678L)] [InlineData("1e-400", 0L)] [InlineData(".5e1_0", 5000000000L)]
    public void Whole_floats_are_what_json_makes_of_them(string text, object expected) => Assert.Equal(expected, Value(text));

    [Theory]
    [InlineData("1.5", 1.5)] [InlineData("09.5", 9.5)] [InlineData(".5", 0.5)] [InlineData("-.5", -0.5)] [InlineData("+.5", 0.5)] [InlineData("1e-3", 0.001)]
    [InlineData(".5_0", 0.5)] [InlineData(".5e-1_0", 5e-11)] [InlineData("1e-7", 1e-7)] [InlineData("4.9e-324", 4.9e-324)] [InlineData("1.7976931348623157e308", 1.7976931348623157e308)]
    public void Fractions_stay_doubles(string text, double expected) => Assert.Equal(expected, Value(text));

    [Fact]
    public void A_whole_float_beyond_int64_but_below_1e21_stays_a_double()
    {
        // json.Marshal writes 9.3e18 as 9300000000000000000, which does not fit an int64; it writes 2^62 with its
        // shortest digits padded with zeros, 4611686018427388000, which does.
        Assert.Equal(9.3e18, Value("9.3e18"));
        Assert.Equal(4611686018427388000L, Value("4.611686018427387904e18"));
    }

    [Theory]
    [InlineData(".inf", "+Inf")] [InlineData(".Inf", "+Inf")] [InlineData("+.INF", "+Inf")] [InlineData("-.inf", "-Inf")] [InlineData(".nan", "NaN")] [InlineData(".NaN", "NaN")]
    public void Infinity_and_nan_make_the_document_unreadable_as_json_marshal_refuses_them(string text, string go)
    {
        var problem = Problem($"a: 1\nv: {text}\n");
        Assert.Equal($"t.yaml:2:4: '{text}' is {(go == "NaN" ? "not a number" : go == "+Inf" ? "infinity" : "minus infinity")}, which JSON cannot hold (kubectl fails: json: unsupported value: {go}); quote it if it is text", problem);
    }

    [Fact]
    public void An_infinity_overridden_by_a_later_duplicate_is_no_problem()
    {
        // kubectl converts the map after the last value won.
        Assert.True(Doc("v: .inf\nv: 1\n").IsReadable);
        Assert.Equal(".inf", Assert.Single(((SourceMap)Doc("{.inf: x}\n").Root!).Entries).Name);
    }

    [Theory]
    // Timestamps stay the text they are (decode.go keeps untagged timestamps as strings).
    [InlineData("2001-12-14")] [InlineData("2001-12-14t21:59:43.10-05:00")] [InlineData("2001-12-14 21:59:43.10")] [InlineData("2002-12-14T21:59:43Z")]
    public void Timestamps_are_strings(string text) => Assert.Equal(text, Value(text));

    [Theory]
    [InlineData("\"1\"", "1")] [InlineData("'1'", "1")] [InlineData("\"null\"", "null")] [InlineData("'~'", "~")] [InlineData("\"true\"", "true")] [InlineData("''", "")]
    [InlineData("|\n  1\n", "1\n")] [InlineData(">-\n  yes\n", "yes")]
    public void Quoted_and_block_scalars_are_strings_whatever_they_say(string text, string expected) => Assert.Equal(expected, Value(text));

    [Theory]
    [InlineData("!!str 123", "123")] [InlineData("!!int 12", 12L)] [InlineData("!!int \"12\"", 12L)] [InlineData("!!float 3", 3L)] [InlineData("!!float \"1.5\"", 1.5)]
    [InlineData("!!bool yes", true)] [InlineData("!!bool \"true\"", true)] [InlineData("!!null ~", null)] [InlineData("!!null", null)] [InlineData("!!str", "")]
    [InlineData("!!timestamp 2001-12-14", "2001-12-14")] [InlineData("!!binary aGVsbG8=", "hello")] [InlineData("!!binary |\n    aGVs\n    bG8=\n", "hello")]
    [InlineData("!!binary /w==", "\uFFFD")] [InlineData("!foo 12", "12")] [InlineData("! 12", "12")] [InlineData("! yes", "yes")] [InlineData("!<tag:yaml.org,2002:int> 7", 7L)]
    [InlineData("!!merge x", "x")] [InlineData("!!float 1e3", 1000L)]
    public void Tags_decide_as_decoder_scalar_does(string text, object? expected) => Assert.Equal(expected, Value(text));

    [Theory]
    [InlineData("!!int 1.5", "cannot decode !!float `1.5` as a !!int")] [InlineData("!!int abc", "cannot decode !!str `abc` as a !!int")]
    [InlineData("!!float abc", "cannot decode !!str `abc` as a !!float")] [InlineData("!!float 18446744073709551615", "cannot decode !!int `18446744073709551615` as a !!float")]
    [InlineData("!!bool 1", "cannot decode !!int `1` as a !!bool")] [InlineData("!!null x", "cannot decode !!str `x` as a !!null")] [InlineData("!!int", "cannot decode !!null `` as a !!int")]
    [InlineData("!!timestamp abc", "cannot decode !!str `abc` as a !!timestamp")] [InlineData("!!timestamp 123", "cannot decode !!int `123` as a !!timestamp")]
    [InlineData("!!binary abc", "!!binary value contains invalid base64 data")] [InlineData("!!binary aGk", "!!binary value contains invalid base64 data")]
    [InlineData("!!binary \"aGVs bG8=\"", "!!binary value contains invalid base64 data")]
    public void A_tag_that_does_not_fit_makes_the_document_unreadable(string text, string problem) => Assert.Equal($"t.yaml:1:4: {problem}", Problem($"v: {text}\n"));

    [Fact]
    public void Tags_on_collections_are_ignored_and_kept_as_written_on_scalars()
    {
        Assert.Equal(new Dictionary<string, object?> { ["a"] = 1L }, Value("!!map {a: 1}"));
        Assert.Equal(new List<object?> { 1L, 2L }, Value("!!str [1, 2]"));
        var scalar = (SourceScalar)((SourceMap)Doc("v: !!int 12\nw: !foo x\nx: y\n").Root!)["v"]!;
        Assert.Equal(("!!int", ScalarStyle.Plain, "12"), (scalar.Tag, scalar.Style, scalar.Text));
        Assert.Equal("!foo", ((SourceScalar)((SourceMap)Doc("w: !foo x\n").Root!)["w"]!).Tag);
        Assert.Null(((SourceScalar)((SourceMap)Doc("x: y\n").Root!)["x"]!).Tag);
    }

    [Fact]
    public void An_undefined_tag_handle_is_a_syntax_problem() =>
        Assert.Equal("t.yaml:1:4: found undefined tag handle (while parsing a node at line 1, column 4)", Problem("v: !e!x 1\n"));

    [Fact]
    public void A_hand_built_scalar_resolves_its_text_as_a_plain_scalar()
    {
        var mark = new SourceMark("f", 1, 1);
        Assert.Equal(31L, new SourceScalar("0x1F", mark).Value);
        Assert.Equal("0x1F", new SourceScalar("0x1F", mark) { Style = ScalarStyle.DoubleQuoted, Value = "0x1F" }.Value);
        Assert.True(new SourceScalar("~", mark).IsNull);
    }
}
