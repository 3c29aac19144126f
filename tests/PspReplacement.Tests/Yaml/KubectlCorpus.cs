using System.Text;

namespace PspReplacement.Tests.Yaml;

/// <summary>One input of the differential test: a whole file, as bytes (BOMs, CRLF, tabs and UTF-16 stay exact).</summary>
public sealed record CorpusCase(string Name, byte[] Bytes)
{
    public override string ToString() => Name;
}

/// <summary>
/// YAML and JSON streams that kubectl and pspr must read identically: every scalar form resolve.go knows, keys of
/// every type, all block scalar forms (blank, space-only and over-indented leading lines, every chomping indicator),
/// folding, flow collections, anchors, aliases and merge keys, tags, comments, tabs, CRLF, BOMs, document markers and
/// "---" lines with content, JSON streams and their YAML fallback, List objects. Documents that kubectl cannot read
/// are in it too: both must refuse them. Most cases are one object wrapped in a header (metadata name "nn": a bare
/// "n" would be the boolean false).
/// </summary>
public static class KubectlCorpus
{
    public const string Header = "apiVersion: example.com/v1\nkind: Anything\nmetadata: {name: nn}\n";

    public static IReadOnlyList<CorpusCase> All { get; } = Build();

    private static List<CorpusCase> Build()
    {
        var cases = new List<CorpusCase>();
        void Add(string name, string body, bool header = true) => cases.Add(new CorpusCase(name, Encoding.UTF8.GetBytes((header ? Header : "") + body)));
        void Bytes(string name, byte[] bytes) => cases.Add(new CorpusCase(name, bytes));

        // Every plain scalar form of resolve.go: words, ints (ParseInt base 0, then ParseUint), floats, 0b, timestamps.
        string[] plain =
        [
            "1", "1.0", "1e3", "1.5", "99999999999999999999", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
            "-9223372036854775809", "18446744073709551615", "18446744073709551616", "0x1F", "0X1f", "-0x1F", "017", "08", "09.5", "0o17",
            "0O17", "+12", "-0b101", "0b101", "0B11", "0b", "0x", "0o", "1_000", "_1", "+_1", "1__0", "0x_1F", "1_0.5", "yes", "Yes", "YES",
            "yEs", "y", "Y", "n", "N", "no", "No", "NO", "on", "On", "ON", "oN", "off", "Off", "OFF", "true", "True", "TRUE", "tRue", "false",
            "False", "FALSE", "~", "null", "Null", "NULL", "nULL", "", ".5", "-.5", "+.5", "1.", "-1.", "1.5e", "1e", "1E3", "1e+3", "1e-3",
            "1.5E-3", ".e3", "._5", ".5_0", ".5e1_0", "1e400", "-1e400", "1e-400", "4.9e-324", "1.7976931348623157e308", "0", "-0", "+0", "00",
            "0.0", "-0.0", "0e0", "1e21", "1e20", "123456789012345678", "1.2.3", "2001-12-14", "2001-12-14t21:59:43.10-05:00",
            "2001-12-14 21:59:43.10", "2002-12-14T21:59:43Z", "12:30:00", "190:20:30", "1,000", "$1", "0.1", "1e-7", "100000000000000000000000",
            "0xFFFFFFFFFFFFFFFF", "0x10000000000000000", "-0x8000000000000000", "0b" + new string('1', 64), "-0b1" + new string('0', 63),
            "3.14159265358979", "<<", "=", "a:b", "://", ".infinity", "Infinity", "-Infinity", "inf", "nan", "NaN", "+.nan",
        ];
        foreach (var s in plain) Add($"plain scalar '{s}'", $"v: {s}\n");
        // Infinity and NaN have no JSON form: kubectl refuses the document.
        foreach (var s in new[] { ".inf", ".Inf", ".INF", "+.inf", "-.inf", "-.Inf", ".nan", ".NaN", ".NAN" }) Add($"non-finite '{s}'", $"v: {s}\n");

        string[] quoted =
        [
            "\"1\"", "'1'", "\"null\"", "'~'", "\"true\"", "''", "\"\"", "\"\\x41\\u00e9\\U0001F600\"", "\"\\t\\n\\r\\\\\\\"\\0\\a\\b\\e\\f\\v\\N\\_\\L\\P\"",
            "\"a\\\n  b\"", "'it''s'", "\"\\ud800\"", "\"\\q\"", "\"\\/\"", "\"\\u2028\"", "\"\\x85\"", "'\u2029'", "\"\\U0010FFFF\"", "\"\\U00110000\"",
            "\"\\uDFFF\"", "'\u00e9\u4e2d'", "\"a\\\"b\"", "'a\"b'", "\"a'b\"", "'''x'''", "\"\\x\"", "\"\\x4\"", "\"\\u12g4\"", "'a\n\n  b'", "\"a\n  b\"",
        ];
        foreach (var s in quoted) Add($"quoted scalar {s}", $"v: {s}\n");

        string[] tagged =
        [
            "!!str 123", "!!int 12", "!!int \"12\"", "!!int 1.5", "!!int abc", "!!float 3", "!!float \"3\"", "!!float abc", "!!float 18446744073709551615",
            "!!bool yes", "!!bool 1", "!!bool \"true\"", "!!null ~", "!!null x", "!!null", "!!str", "!!int", "!!timestamp 2001-12-14", "!!timestamp abc",
            "!!timestamp 123", "!!binary aGVsbG8=", "!!binary \"aGVs bG8=\"", "!!binary |\n    aGVs\n    bG8=\n", "!!binary /w==", "!!binary nope", "!!binary aGk",
            "!foo 12", "! 12", "! yes", "!<tag:yaml.org,2002:int> 7", "!!map {a: 1}", "!!seq [1]", "!!str [1, 2]", "!foo {a: 1}", "!!merge x", "!e!x 1",
            "!!float .inf", "!!float 1e3", "!!str &a x", "&a !!str x", "&a &b x", "!a !b x",
        ];
        foreach (var s in tagged) Add($"tag {s.Split('\n')[0]}", $"v: {s}\n");

        string[] blocks =
        [
            "|\n  \n    line one\n", "|\n    \n    line one\n", "|\n      \n    line one\n", "|2\n     \n    line\n", "|\n\n\n    a\n\n    b\n\n\n", "|-\n    a\n\n",
            "|+\n    a\n\n\n", "|\n    a\n\n", "|\n    a\n    \n", "|\n    a\n   \n", "|\n     indented first\n    second\n", "|1\n     x\n",
            ">\n    folded\n    more\n\n    para\n", ">-\n    a\n    b\n", ">+\n    a\n    b\n\n", ">\n    a\n      indented\n    b\n", ">\n\n    a\n",
            ">\n    a\n\n\n    b\n", "|\n  \t\n    x\n", "|\n    a\n\tb\n", "|0\n  x\n", "|+-\n  x\n", "| # comment\n    x\n", "|x\n  y\n", "|\n", "|\n  \n",
            "|-\n", "|+\n\n\n", ">\n  a\n  \n  b\n", " |\n   x\n", "|#c\n  x\n", "|\n  a\n \t\n", ">\n  a\n  \tb\n", "|\n  a\n  \tb\n", "|\n  a\n---\n  b\n",
        ];
        foreach (var b in blocks) Add($"block scalar {b.Replace("\n", "\\n").Replace("\t", "\\t")}", $"v: {b}");

        string[] folding =
        [
            "v: a\n  b\n  c\n", "v: a\n\n  b\n", "v: a\n  \n\n  b\n", "v: a #c\n", "v: a#b\n", "v: a  b   c  \n", "v: \"a \\\n  b\"\n", "v: a\n\tb\n",
            "v:\ta\n", "v: a\t\n", "\tv: a\n", "v:\n\t- a\n", "v: [a,\tb]\n", "v: {a:\t1}\n", "v: |\n\ta\n", "v: a\n \tb\n", "v: 'a\n\tb'\n",
        ];
        foreach (var f in folding) Add($"folding and tabs {f.Replace("\n", "\\n").Replace("\t", "\\t")}", f);

        string[] flow =
        [
            "[a, b, c]", "[a, [b, c], {d: e}]", "{a: 1, b: [2, 3]}", "[a: b, c]", "{a, b: c}", "{a: 1,}", "[1, 2,]", "[,]", "{: a}", "{a:1}", "{\"a\":1}",
            "[a:b]", "{a: [b]}", "[ ? a : b ]", "{ ? a : b , ? c }", "[a\n  , b]", "{a: 1\n  , b: 2}", "[\n a,\n b\n]", "[a b]", "{a: b c}",
            "[{a: 1}, {a: 2}]", "{\"a\": \"b\", \"c\": [1, 2.5, true, null]}", "[a,b]", "[-1, - 2]", "[*x]", "[&x a, *x]", "{a: }", "[a, ]]", "[a\n]",
            "{a: 1\n}", "[\na]", "[\ta]", "{\ta: b}", "[a, # c\n  b]", "{a: 1, # c\n  b: 2}", "[<<, a]", "!!str,", "[!!str, a]",
        ];
        foreach (var f in flow) Add($"flow {f.Replace("\n", "\\n").Replace("\t", "\\t")}", $"v: {f}\n");

        string[] structure =
        [
            "v:\n- a\n- b\n", "v:\n  - a\n  - b\n", "v:\n- - a\n  - b\n- c\n", "v:\n- a: 1\n  b: 2\n- c: 3\n", "v:\n  -\n    a: 1\n", "v:\n  - a:\n    - x\n",
            "v:\n  a:\n  - x\n  b: 2\n", "v:\n  ? a\n  : b\n  ? c\n", "v:\n  ? - a\n    - b\n  : c\n", "v:\n  ?\n  : x\n", "v:\n  a: 1\n   b: 2\n",
            "v:\n  a: 1\n b: 2\n", "v:\n    a: 1\n  b: 2\n", "v: - a\n", "v: a: b\n", "v:\n  - a\n  b: 1\n", "v:\n- a\n -b\n", "v:\n  a: [1,\n  2]\n",
            "v:\n  a: {x: 1,\n y: 2}\n", "v:\n  a\n  : b\n", "v: a\nb\n", "v:\n  a: b\n  c\n", "v: !!str\n  - a\n", "v: &a\n  - a\n", "v: &a\nw: 1\n",
            "v:\n  a\n  b: c\n", "v:\n  'a\n  b': c\n", "v: {a\n b: c}\n", "v: [a\n b: c]\n", "v:\n  a:\t1\n", "v:\n  a: 1\t# c\n", "v:\n  a: 'x\ty'\n",
            "v:\n  a: x\t\ty\n", "v:\n\ta: 1\n", "v:\n  a: 1\n\t\n", "v:\n  -\ta\n", "v:\n  - a\n  -\tb\n", "v: \"a\tb\"\n", "v:\t[a]\n", "v:\n  a:\n\t- x\n",
            "v: b#c\n", "v: b #c\n", "v: 'x'#c\n", "v: \"x\"#c\n", "v: [a]#c\n", "#\nv: 1\n", "v: 1 # a: b\n", "v:\n  # c\n  a: 1\n",
            "v:\n  a: 1\n# c\n  b: 2\n", "v: # c\n  a: 1\n", "- a\n", "[a, b]\n",
        ];
        foreach (var s in structure) Add($"structure {s.Replace("\n", "\\n").Replace("\t", "\\t")}", s);
        var deep = new StringBuilder("v:\n");
        for (var i = 0; i < 200; i++) deep.Append(new string(' ', 2 * (i + 1))).Append($"k{i}:\n");
        deep.Append(new string(' ', 402)).Append("leaf\n");
        Add("200 nested block mappings", deep.ToString());
        Add("500 nested flow sequences", "v: " + new string('[', 500) + new string(']', 500) + "\n");
        Add("300 nested flow mappings", "v: " + string.Concat(Enumerable.Repeat("{a: ", 300)) + "1" + new string('}', 300) + "\n");

        // The 1024-character limit of a simple key, in block and flow context.
        Add("simple key of 1024 characters", "v:\n  " + new string('k', 1024) + ": x\n");
        Add("simple key of 1025 characters", "v:\n  " + new string('k', 1025) + ": x\n");
        Add("flow mapping key of 1030 characters", "v: {" + new string('k', 1030) + ": x}\n");
        Add("flow sequence pair key of 1030 characters", "v: [" + new string('k', 1030) + ": x]\n");
        Add("quoted key of 1030 characters", "v:\n  '" + new string('k', 1030) + "': x\n");
        Add("explicit key of 1030 characters", "v:\n  ? " + new string('k', 1030) + "\n  : x\n");

        // Anchors, aliases and merge keys (go-yaml v2 merges in document order; a sequence's earlier maps win).
        string[] anchors =
        [
            "a: &x 1\nb: *x\n", "a: &x [1, 2]\nb: *x\nc: *x\n", "a: &x {k: 1}\nb:\n  <<: *x\n  j: 2\n", "a: &x {k: 1}\nb:\n  k: 0\n  <<: *x\n",
            "a: &x {k: 1}\nb:\n  <<: *x\n  k: 0\n", "a: &x {k: 1, j: 1}\nb: &y {k: 2, m: 2}\nc:\n  <<: [*x, *y]\n", "a: &x {k: 1}\nc:\n  <<: [*x, {k: 3, z: 1}]\n",
            "c:\n  <<: {a: 1}\n  <<: {a: 2}\n", "c:\n  <<: 1\n", "a: &x [1]\nc:\n  <<: *x\n", "c:\n  <<: [1]\n", "c:\n  '<<': {a: 1}\n", "c:\n  ! <<: {a: 1}\n",
            "c:\n  !!merge <<: {a: 1}\n", "c:\n  <<: ~\n", "a: *nope\n", "a: &d {self: *d}\n", "a: &x 1\na2: &x 2\nb: *x\n", "a: &x [&x 1, *x]\nb: *x\n",
            "a: &k key\nb:\n  *k : v\n", "a: &k [1]\nb:\n  *k : v\n", "a: &x {k: &y 1}\nb: *y\n", "b: &b {x: 1}\nv:\n  <<: *b\n  <<: {x: 2}\n",
            "b: &b {x: 1, <<: {y: 2}}\nv: {<<: *b}\n", "v: {<<: [{a: 1}, {a: 2, b: 2}], b: 3}\n", "v: {a: 0, <<: [{a: 1}]}\n", "v:\n  <<: []\n",
            "v:\n  <<: {}\n", "v:\n  <<:\n", "v: {<<: &m {a: 1}, b: *m}\n", "m: &m [{a: 1}]\nv:\n  <<: *m\n", "v:\n  <<: [*undefined]\n",
        ];
        foreach (var a in anchors) Add($"anchors {a.Replace("\n", "\\n")}", a);
        AliasBombs(Add);

        // Keys of every type, stringified as sigs.k8s.io/yaml does; a null or uint64 key is refused.
        Add("keys of every type", "v:\n  1: a\n  1.5: b\n  1e6: c\n  123456789.0: d\n  true: e\n  0x10: f\n  .inf: g\n  -0.0: h\n  0.0001: i\n  0.00001: j\n  yes: k\n" +
                                  "  08: l\n  2001-12-14: m\n  -.inf: o\n  .nan: p\n  1e400: q\n  3.14159265: r\n  16777217.0: s\n  !!binary aGk=: t\n");
        foreach (var k in new[] { "~", "null", "", "18446744073709551615", "9223372036854775807", "[1]", "{a: 1}", "'' ", "\"\"" })
            Add($"key '{k}'", $"v:\n  {k}: a\n");
        Add("complex key", "v:\n  ? [1, 2]\n  : a\n");
        Add("explicit keys", "v:\n  ? a\n  : b\n  ? |\n    lit\n  : c\n");
        Add("duplicate keys keep the last", "v:\n  a: 1\n  a: 2\n");
        Add("equal int keys keep the last", "v:\n  1: a\n  0x1: b\n");
        Add("equal bool keys keep the last", "v:\n  true: a\n  yes: b\n");
        Add("duplicate flow keys", "v: {a: 1, a: 2}\n");
        Add("duplicate metadata name", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n", header: false);

        // Streams: "---" lines (with comments, with content), "...", directives, empty documents.
        Add("two documents", Header + "---\n" + Header);
        Add("comment after ---", Header + "--- # c\n" + Header);
        Add("leading and trailing ---", "---\n" + Header + "---\n");
        Add("document end marker", "...\n");
        Add("content after ... is ignored", "...\ngarbage: [\n");
        Add("empty document between", Header + "---\n\n---\n" + Header);
        Add("content after --- on its line", Header + "--- x\n" + Header);
        Add("---- is no separator", Header + "----\n" + Header);
        Add("--- inside a block scalar", "v: |\n  a\n---\n  b\n");
        Add("--- inside a flow sequence", "v: [a,\n---\n b]\n");
        Add("... inside a quoted scalar", "v: 'a\n...\n'\n");
        Add("... then a document", "v: a\n...\n---\n" + Header);
        Add("%YAML before ---", "%YAML 1.1\n---\n" + Header, header: false);
        Add("%YAML 1.2", "%YAML 1.2\n" + Header, header: false);
        Add("%TAG after content", "%TAG ! tag:x,2000:\n");
        Add("--- !!map", "--- !!map\n" + Header, header: false);
        Add("leading comment", "# comment\n" + Header, header: false);
        Add("trailing comment", "# trailing\n");
        foreach (var (name, text) in new[] { ("empty file", ""), ("one newline", "\n"), ("only a comment", "# only comment\n"), ("only ---", "---\n"), ("blank lines", "   \n\n"),
                     ("only ...", "...\n"), ("two ---", "---\n---\n"), ("~ document", "~\n"), ("null document", "null\n"), ("text document", "just text\n"), ("sequence document", "- a\n"), ("number document", "1\n") })
            Add(name, text, header: false);

        // Line breaks and encodings.
        Add("CRLF everywhere", (Header + "v: |\n  a\n\n  b\nw: >\n  c\n  d\nx: 'e\n\n  f'\ny: \"g\\\n  h\"\nz:\n- 1\n- 2\n").Replace("\n", "\r\n"), header: false);
        Add("CRLF documents", (Header + "---\n" + Header + "...\n").Replace("\n", "\r\n"), header: false);
        Add("CR alone", "v: a\rb\n");
        Add("CR in a quoted scalar", "v: \"a\rb\"\n");
        Add("NEL", "v: x\u0085y\n");
        Add("LS", "v: \u2028\n");
        Add("no-break space", "v: \u00a0x\n");
        Add("non-ASCII", "v: \u00e9 \ud83d\ude00\n");
        Add("BOM", "\ufeff" + Header, header: false);
        Add("BOM after ---", Header + "---\n\ufeff" + Header);
        Add("control character", "v: a\u0001b\n");
        Add("control character after ...", "v: a\n...\n\u0001\n");
        Bytes("UTF-16 little endian", Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(Header + "---\n" + Header)).ToArray());
        Bytes("UTF-16 big endian", Encoding.BigEndianUnicode.GetPreamble().Concat(Encoding.BigEndianUnicode.GetBytes(Header + "v: x\n")).ToArray());

        // List objects: what UnstructuredJSONScheme calls a list, and what it refuses.
        const string Item = "  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: i1\n";
        Add("List", "apiVersion: v1\nkind: List\nitems:\n" + Item + "  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: i2}\n", header: false);
        Add("any kind with items is a list", "apiVersion: v1\nkind: Foo\nitems:\n" + Item, header: false);
        Add("items null", "apiVersion: v1\nkind: Foo\nmetadata: {name: nn}\nitems: null\n", header: false);
        Add("items empty", "apiVersion: v1\nkind: ConfigMapList\nitems: []\n", header: false);
        Add("item kind inferred", "apiVersion: v1\nkind: ConfigMapList\nitems:\n- metadata: {name: inferred}\n", header: false);
        Add("null item", "apiVersion: v1\nkind: ConfigMapList\nitems:\n- null\n", header: false);
        Add("number item", "apiVersion: v1\nkind: ConfigMapList\nitems: [1]\n", header: false);
        Add("items a mapping", "apiVersion: v1\nkind: ConfigMapList\nitems: {}\n", header: false);
        Add("list without kind", "apiVersion: v1\nitems:\n" + Item, header: false);
        Add("list without apiVersion", "kind: List\nitems:\n" + Item, header: false);
        Add("item with kind only", "apiVersion: v1\nkind: List\nitems:\n  - kind: ConfigMap\n    metadata:\n      name: x\n", header: false);

        // JSON streams (first non-blank character '{') and their fallback to YAML.
        const string J = "\"apiVersion\": \"example.com/v1\", \"kind\": \"Anything\", \"metadata\": {\"name\": \"nn\"}";
        string[] json =
        [
            $"{{{J}, \"v\": [1, 1.0, 1e3, -0, 1.5, 100000000000000000000, \"\\u00e9\\/\"]}}", $"{{{J}}}\n{{{J}}}", $"{{{J}, \"a\": 1, \"a\": 2}}", $"  \n {{{J}}}",
            "{apiVersion: example.com/v1, kind: Anything, metadata: {name: nn}}", $"{{{J}}}\n---\n" + Header, $"{{{J}, \"v\": {{\"a\": [1, 2, {{\"b\": null}}], \"c\": true, \"d\": false}}}}",
            $"{{{J}, \"v\": \"\\ud83d\\ude00 \\ud800 x \\udc00\"}}", $"{{{J}, \"v\": 1e400}}", $"{{{J}, \"v\": -0.0}}", $"{{{J}, \"v\": 1E2}}", $"{{{J}, \"v\": 01}}",
            $"{{{J}, \"v\": [1,]}}", $"{{{J}, \"v\": .5}}", $"{{{J}, 'v': 1}}", $"{{{J}, \"v\": \"a\tb\"}}", $"{{{J}}}\n{{{J}}}\n{{{J}, \"v\": [}}\n{{{J}}}",
            $"{{{J}}}\n{{{J}, \"v\": [}}\n{{{J}}}", $"{{{J}, \"v\": [}}\n{{{J}}}", $"{{{J}}}   garbage", $"{{{J}}}\n---\n{{{J}}}", $"{{\n  {J}\n}}\n\n{{\n  {J}\n}}\n",
            $"[{{{J}}}]", $"{{{J}, \"items\": [{{{J}}}]}}", $"{{{J}, \"v\": 9007199254740993}}", $"{{{J}, \"v\": 123456789012345678901}}", $"{{{J}}}\nnull\n",
        ];
        foreach (var j in json) Add($"json {j.Replace(J, "…").Replace("\n", "\\n")}", j, header: false);

        // Bugs found on real Helm output.
        Add("helm: blank line with spaces before a literal block", "data:\n  config: |\n  \n    line one\n");
        Add("helm: truncated document", "metadata2:\n  name: [broken", header: true);
        return cases;
    }

    private static void AliasBombs(Action<string, string, bool> add)
    {
        static string Levels(int levels)
        {
            var lines = new List<string> { "  a0: &a0 [x, x, x, x, x, x, x, x, x, x]" };
            for (var i = 1; i <= levels; i++) lines.Add($"  a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]");
            return "v:\n" + string.Join("\n", lines) + "\n";
        }
        add("aliases expanding to 100 times", Levels(2), true);
        add("aliases expanding a millionfold", Levels(6), true);
        add("200 items aliased 5 times", "v:\n  a: &a [" + string.Join(", ", Enumerable.Repeat("x", 200)) + "]\n  b: [" + string.Join(", ", Enumerable.Repeat("*a", 5)) + "]\n", true);
        add("20 items aliased 200 times", "v:\n  a: &a [" + string.Join(", ", Enumerable.Repeat("x", 20)) + "]\n  b: [" + string.Join(", ", Enumerable.Repeat("*a", 200)) + "]\n", true);
        add("5 items aliased 300 times", "v:\n  a: &a [" + string.Join(", ", Enumerable.Repeat("x", 5)) + "]\n  b: [" + string.Join(", ", Enumerable.Repeat("*a", 300)) + "]\n", true);
    }
}
