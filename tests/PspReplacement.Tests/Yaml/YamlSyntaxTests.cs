using PspReplacement.Yaml;

namespace PspReplacement.Tests.Yaml;

/// <summary>The scanner and parser as go-yaml v2's: scalar styles, folding, chomping, indentation, tabs, simple keys, documents, errors.</summary>
public class YamlSyntaxTests
{
    private static object? Value(string yaml)
    {
        var document = ScalarResolutionTests.Doc(yaml);
        Assert.True(document.IsReadable, string.Join("; ", document.Problems));
        return ((SourceMap)document.Root!)["v"]!.ToPlain();
    }

    private static string Problem(string yaml) => Assert.Single(ScalarResolutionTests.Doc(yaml).Problems).ToString();

    [Theory]
    // The first line decides the indentation; a blank line before it may have up to as many spaces (helm writes
    // them), more make the content's indentation deeper than the content.
    [InlineData("v: |\n  \n    line one\n", "\nline one\n")]
    [InlineData("v: |\n    \n    line one\n", "\nline one\n")]
    [InlineData("v: |\n\n\n    a\n\n    b\n\n\n", "\n\na\n\nb\n")]
    [InlineData("v: |2\n     \n    line\n", "   \n  line\n")]
    [InlineData("v: |\n     indented first\n      second\n", "indented first\n second\n")]
    [InlineData("v: |\n    a\n    \n", "a\n")]
    [InlineData("v: |\n    a\n   \n", "a\n")]
    [InlineData("v: |\n", "")]
    [InlineData("v: |\n  \n", "")]
    [InlineData("v: | # comment\n    x\n", "x\n")]
    public void Literal_blocks_find_their_indentation_as_go_yaml_does(string yaml, string expected) => Assert.Equal(expected, Value(yaml));

    [Fact]
    public void A_blank_line_deeper_than_the_content_ends_the_block_before_it() =>
        Assert.Equal("t.yaml:3:5: did not find expected key (while parsing a block mapping at line 1, column 1)", Problem("v: |\n      \n    line one\n"));

    [Theory]
    [InlineData("v: |-\n    a\n\n", "a")]
    [InlineData("v: |+\n    a\n\n\n", "a\n\n\n")]
    [InlineData("v: |\n    a\n\n", "a\n")]
    [InlineData("v: >\n    folded\n    more\n\n    para\n", "folded more\npara\n")]
    [InlineData("v: >-\n    a\n    b\n", "a b")]
    [InlineData("v: >+\n    a\n    b\n\n", "a b\n\n")]
    [InlineData("v: >\n    a\n      indented\n    b\n", "a\n  indented\nb\n")]
    [InlineData("v: >\n\n    a\n", "\na\n")]
    [InlineData("v: >\n    a\n\n\n    b\n", "a\n\nb\n")]
    [InlineData("v: |-\n", "")]
    [InlineData("v: |+\n\n\n", "\n\n")]
    [InlineData("v: >\n  a\n  \n  b\n", "a\nb\n")]
    public void Chomping_and_folding(string yaml, string expected) => Assert.Equal(expected, Value(yaml));

    [Theory]
    [InlineData("v: |0\n  x\n", "t.yaml:1:5: found an indentation indicator equal to 0 (while scanning a block scalar at line 1, column 4)")]
    [InlineData("v: |x\n  y\n", "t.yaml:1:5: did not find expected comment or line break (while scanning a block scalar at line 1, column 4)")]
    [InlineData("v: |\n  \t\n    x\n", "t.yaml:2:3: found a tab character where an indentation space is expected (while scanning a block scalar at line 1, column 4)")]
    public void Block_scalar_errors(string yaml, string problem) => Assert.Equal(problem, Problem(yaml));

    [Theory]
    [InlineData("v: a\n  b\n  c\n", "a b c")]
    [InlineData("v: a\n\n  b\n", "a\nb")]
    [InlineData("v: a\n  \n\n  b\n", "a\n\nb")]
    [InlineData("v: a #c\n", "a")]
    [InlineData("v: a#b\n", "a#b")]
    [InlineData("v: a  b   c  \n", "a  b   c")]
    [InlineData("v: 'a\n\n  b'\n", "a\nb")]
    [InlineData("v: \"a\n  b\"\n", "a b")]
    [InlineData("v: \"a \\\n  b\"\n", "a b")]
    [InlineData("v: 'it''s'\n", "it's")]
    [InlineData("v: 'x'#c\n", "x")]
    [InlineData("v: \"\\x41\\u00e9\\U0001F600\"\n", "A\u00e9\U0001F600")]
    [InlineData("v: \"\\t\\n\\r\\\\\\\"\\0\\a\\b\\e\\f\\v\\N\\_\\L\\P \"\n", "\t\n\r\\\"\0\a\b\u001b\f\v\u0085\u00a0\u2028\u2029 ")]
    [InlineData("v: \"a\rb\"\n", "a b")]
    [InlineData("v: \"x\u0085y\"\n", "x y")]
    [InlineData("v: [a,\tb]\n", null)]
    public void Flow_scalars_fold_and_escape_as_go_yaml_does(string yaml, string? expected)
    {
        var value = Value(yaml);
        if (expected is null) Assert.Equal(new List<object?> { "a", "b" }, value);
        else Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("v: \"\\q\"\n", "t.yaml:1:5: found unknown escape character (while parsing a quoted scalar at line 1, column 4)")]
    [InlineData("v: \"\\/\"\n", "t.yaml:1:5: found unknown escape character (while parsing a quoted scalar at line 1, column 4)")]
    [InlineData("v: \"\\ud800\"\n", "t.yaml:1:7: found invalid Unicode character escape code (while parsing a quoted scalar at line 1, column 4)")]
    [InlineData("v: \"\\x4\"\n", "t.yaml:1:7: did not find expected hexdecimal number (while parsing a quoted scalar at line 1, column 4)")]
    [InlineData("v: 'a\n...\n'\n", "t.yaml:2:1: found unexpected document indicator (while scanning a quoted scalar at line 1, column 4)")]
    [InlineData("v: 'a\n", "t.yaml:1:4: found unexpected end of stream (while scanning a quoted scalar at line 1, column 4; the document ends before it is complete)")]
    [InlineData("v: @x\n", "t.yaml:1:4: found character that cannot start any token (while scanning for the next token at line 1, column 4)")]
    [InlineData("\tv: a\n", "t.yaml:1:1: found character that cannot start any token (while scanning for the next token at line 1, column 1)")]
    [InlineData("v:\n  a\n\tb\n", "t.yaml:3:1: found a tab character that violates indentation (while scanning a plain scalar at line 2, column 3)")]
    [InlineData("v: - a\n", "t.yaml:1:4: block sequence entries are not allowed in this context")]
    [InlineData("v: a: b\n", "t.yaml:1:5: mapping values are not allowed in this context")]
    [InlineData("v:\n  a: 1\n b: 2\n", "t.yaml:3:2: did not find expected key (while parsing a block mapping at line 1, column 1)")]
    [InlineData("v: [a b\n", "t.yaml:1:4: did not find expected ',' or ']' (while parsing a flow sequence at line 1, column 4; the document ends before it is complete)")]
    [InlineData("v: {a: 1\n", "t.yaml:1:4: did not find expected ',' or '}' (while parsing a flow mapping at line 1, column 4; the document ends before it is complete)")]
    [InlineData("v: [a, ]]\n", "t.yaml:1:9: did not find expected key (while parsing a block mapping at line 1, column 1)")]
    [InlineData("v: &a\n  &b x\n", "t.yaml:2:3: did not find expected key (while parsing a block mapping at line 1, column 1)")]
    [InlineData("v: &\n", "t.yaml:1:5: did not find expected alphabetic or numeric character (while scanning an anchor at line 1, column 4)")]
    [InlineData("v: {a: !!str}\n", "t.yaml:1:13: did not find expected whitespace or line break (while scanning a tag at line 1, column 8)")]
    [InlineData("v:\n  -\ta\n", "t.yaml:2:4: found character that cannot start any token (while scanning for the next token at line 2, column 4)")]
    [InlineData("%FOO\n", "t.yaml:1:5: found unknown directive name (while scanning a directive at line 1, column 1)")]
    [InlineData("%YAML 1.1\nv: 1\n", "t.yaml:2:1: did not find expected <document start>")]
    [InlineData("%YAML 1.2\nv: 1\n", "t.yaml:1:1: found incompatible YAML document")]
    [InlineData("...\n", "t.yaml:1:1: did not find expected node content (while parsing a block node at line 1, column 1)")]
    public void Syntax_errors_are_go_yaml_s_with_the_absolute_position(string yaml, string problem) => Assert.Equal(problem, Problem(yaml));

    [Theory]
    [InlineData("v:\t[a]\n")]
    [InlineData("v:\n  a:\t1\n")]
    [InlineData("v: a\t\n")]
    [InlineData("v:\n  a: 1\t# c\n")]
    [InlineData("v: {\ta: b}\n")]
    public void Tabs_are_whitespace_after_a_token_and_in_flow(string yaml) => Assert.True(ScalarResolutionTests.Doc(yaml).IsReadable);

    [Fact]
    public void A_simple_key_is_at_most_1024_characters()
    {
        Assert.True(ScalarResolutionTests.Doc("v:\n  " + new string('k', 1024) + ": x\n").IsReadable);
        // Longer, it is no key, and its ':' is where a value cannot be.
        Assert.Equal("t.yaml:2:1028: mapping values are not allowed in this context", Problem("v:\n  " + new string('k', 1025) + ": x\n"));
        // An explicit key has no limit.
        Assert.True(ScalarResolutionTests.Doc("v:\n  ? " + new string('k', 1030) + "\n  : x\n").IsReadable);
    }

    [Fact]
    public void A_simple_key_stays_on_its_line() =>
        Assert.Equal("t.yaml:3:4: mapping values are not allowed in this context", Problem("v:\n  a\n  b: c\n"));

    [Theory]
    [InlineData("v:\n- a\n- b\n")]
    [InlineData("v:\n  - a\n  - b\n")]
    public void Sequences_may_be_indented_or_not(string yaml) => Assert.Equal(new List<object?> { "a", "b" }, Value(yaml));

    [Fact]
    public void Flow_collections_nest_and_pairs_in_sequences_are_mappings()
    {
        Assert.Equal(new List<object?> { "a", new List<object?> { "b" }, new Dictionary<string, object?> { ["c"] = "d" } }, Value("v: [a, [b], {c: d}]\n"));
        Assert.Equal(new List<object?> { new Dictionary<string, object?> { ["a"] = "b" }, "c" }, Value("v: [a: b, c]\n"));
        Assert.Equal(new Dictionary<string, object?> { ["a"] = null, ["b"] = "c" }, Value("v: {a, b: c}\n"));
        // In a flow collection ':' belongs to a plain scalar unless a blank follows: {a:1} is the key "a:1".
        Assert.Equal(new Dictionary<string, object?> { ["a:1"] = null }, Value("v: {a:1}\n"));
        Assert.Equal(new Dictionary<string, object?> { ["a"] = 1L }, Value("v: {\"a\":1}\n"));
    }

    [Fact]
    public void Only_the_first_document_of_a_text_is_read_and_what_follows_a_document_end_is_a_warning()
    {
        var document = ScalarResolutionTests.Doc("v: 1\n...\ngarbage: [\n");
        Assert.Equal(new Dictionary<string, object?> { ["v"] = 1L }, document.Root!.ToPlain());
        Assert.Equal("t.yaml:3:1: content after the end of the document ('...') is not read (kubectl ignores it); remove it, or start a new document with '---'", Assert.Single(document.Warnings).ToString());
        Assert.Equal("t.yaml:3:1: content after the end of the document ('...') is not read (kubectl ignores it); remove it, or start a new document with '---'",
            Assert.Single(ScalarResolutionTests.Doc("v: 1\n...\ngarbage: [\n", YamlRules.Strict).Problems).ToString());
    }

    [Fact]
    public void Marks_are_1_based_and_point_where_each_node_starts()
    {
        var root = (SourceMap)ScalarResolutionTests.Doc("a:\n  - x\n  - {k: &n 1}\nb: *n\n").Root!;
        Assert.Equal(new SourceMark("t.yaml", 1, 1), root.Mark);
        var list = (SourceList)root["a"]!;
        Assert.Equal((2, 3), (list.Mark.Line, list.Mark.Column));
        Assert.Equal((2, 5), (list.Items[0].Mark.Line, list.Items[0].Mark.Column));
        Assert.Equal((3, 5), (list.Items[1].Mark.Line, list.Items[1].Mark.Column));
        // An alias is its anchor's node, written where the anchor is.
        Assert.Same(((SourceMap)list.Items[1])["k"], root["b"]);
        Assert.Equal((3, 9), (root["b"]!.Mark.Line, root["b"]!.Mark.Column));
    }

    [Fact]
    public void Styles_are_kept()
    {
        var root = (SourceMap)ScalarResolutionTests.Doc("p: a\ns: 'a'\nd: \"a\"\nl: |\n  a\nf: >\n  a\n").Root!;
        Assert.Equal([ScalarStyle.Plain, ScalarStyle.SingleQuoted, ScalarStyle.DoubleQuoted, ScalarStyle.Literal, ScalarStyle.Folded],
            root.Entries.Select(e => ((SourceScalar)e.Value).Style));
    }
}
