using System.Text;
using PspReplacement.Manifests;
using PspReplacement.Yaml;

namespace PspReplacement.Tests.ManifestReading;

/// <summary>Streams as kubectl reads them: document splitting, JSON streams, List objects, unreadable documents, files that are not files.</summary>
public class ManifestStreamTests
{
    private static List<ManifestEntry> Read(string text, YamlRules? rules = null) => ManifestReader.ReadStream("in.yaml", new StringReader(text), rules).ToList();

    private static List<ManifestEntry> ReadBytes(byte[] bytes) => ManifestReader.ReadStream("in.yaml", new MemoryStream(bytes)).ToList();

    private static string Object(string name, string kind = "ConfigMap") => $"apiVersion: v1\nkind: {kind}\nmetadata:\n  name: {name}\n";

    private const string PrivilegedPod = "apiVersion: v1\nkind: Pod\nmetadata: {name: bad}\nspec: {containers: [{name: c, securityContext: {privileged: true}}]}\n";

    // ---- The four bugs found on real helm template output, and merge order.

    [Fact]
    public void Regression_a_literal_block_whose_first_line_is_blank_but_for_spaces_reads_as_kubectl_reads_it()
    {
        var o = Read(Object("a") + "data:\n  config: |\n  \n    line one\n").Single().Object!;
        Assert.Equal("\nline one\n", ((Dictionary<string, object?>)o.Content["data"]!)["config"]);
    }

    [Fact]
    public void Regression_duplicate_keys_keep_the_last_value()
    {
        var o = Read("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n").Single().Object!;
        Assert.Equal("b", o.Name);
        Assert.Equal("in.yaml:5:3: document 0: duplicate key 'name' (first written at line 4); kubectl and Helm keep this last value, remove the other", Assert.Single(o.Warnings));
    }

    [Fact]
    public void Regression_a_truncated_document_is_a_problem_at_its_position_not_a_crash()
    {
        var problem = Read("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [broken").Single().Problem;
        Assert.Equal("in.yaml:4:9: document 0: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence at line 4, column 9; the document ends before it is complete); fix the syntax (is it indented consistently?)", problem);
    }

    [Fact]
    public void Regression_the_documents_after_an_unreadable_one_are_read()
    {
        var entries = Read(Object("first") + "---\nkind: [\n---\n" + PrivilegedPod);
        Assert.Equal(3, entries.Count);
        Assert.Equal("first", entries[0].Object!.Name);
        Assert.Equal("in.yaml:6:8: document 1: invalid YAML: did not find expected node content (while parsing a flow node at line 6, column 8; the document ends before it is complete); fix the syntax (is it indented consistently?)", entries[1].Problem);
        Assert.Equal(("bad", 2, 8), (entries[2].Object!.Name, entries[2].Object!.Location.Document, entries[2].Object!.Location.Line));
    }

    [Fact]
    public void Regression_a_merge_after_an_explicit_key_overrides_it()
    {
        var o = Read("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: m}\nbase: &b {k: merged}\ndata:\n  k: explicit\n  <<: *b\n").Single().Object!;
        Assert.Equal("merged", ((Dictionary<string, object?>)o.Content["data"]!)["k"]);
    }

    // ---- Document splitting (apimachinery's YAMLReader).

    [Fact]
    public void Documents_are_cut_at_lines_that_start_with_three_dashes_and_comments_may_follow()
    {
        var entries = Read(Object("a") + "--- # the second\n" + Object("b") + "---\t\n" + Object("c"));
        Assert.Equal(["a", "b", "c"], entries.Select(e => e.Object!.Name));
        Assert.Equal([0, 1, 2], entries.Select(e => e.Object!.Location.Document));
        Assert.Equal([1, 6, 11], entries.Select(e => e.Object!.Location.Line));
    }

    [Fact]
    public void Content_after_three_dashes_on_their_line_is_a_problem_of_the_document_it_starts()
    {
        var entries = Read(Object("a") + "--- !!map\n" + Object("b") + "---\n" + Object("c"));
        Assert.Equal("a", entries[0].Object!.Name);
        Assert.Equal("in.yaml:5:5: document 1: content after '---' on the same line: kubectl refuses the stream there (invalid Yaml document separator: !!map); put it on the next line", entries[1].Problem);
        Assert.Equal("c", entries[2].Object!.Name);
    }

    [Fact]
    public void Four_dashes_are_content_after_three()
    {
        Assert.Contains("(invalid Yaml document separator: -)", Read(Object("a") + "----\n" + Object("b"))[1].Problem);
    }

    [Fact]
    public void A_line_of_three_dashes_cuts_even_a_block_scalar_as_kubectl_does()
    {
        var entries = Read(Object("a") + "data:\n  script: |\n    echo\n---\n    more\n");
        Assert.Equal("echo\n", ((Dictionary<string, object?>)entries[0].Object!.Content["data"]!)["script"]);
        Assert.StartsWith("in.yaml:9:5: document 1: expected a Kubernetes object", entries[1].Problem);
    }

    [Fact]
    public void Empty_comment_only_and_null_documents_are_skipped()
    {
        var entries = Read("---\n# nothing\n---\n\n---\n~\n---\nnull\n---\n" + Object("a") + "---\n");
        Assert.Equal(("a", 4), (entries.Single().Object!.Name, entries.Single().Object!.Location.Document));
    }

    [Fact]
    public void A_directive_is_cut_from_its_document_and_refused_as_kubectl_does()
    {
        var entries = Read("%YAML 1.1\n---\n" + Object("a"));
        Assert.Equal("in.yaml:1:10: document 0: invalid YAML: did not find expected <document start>; fix the syntax (is it indented consistently?)", entries[0].Problem);
        Assert.Equal("a", entries[1].Object!.Name);
    }

    [Fact]
    public void Crlf_line_ends_and_byte_order_marks_read_as_lf_and_nothing()
    {
        var text = (Object("a") + "data:\n  v: |\n    x\n    y\n---\n" + Object("b")).Replace("\n", "\r\n");
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text.Replace("---\r\n", "---\r\n\uFEFF"))).ToArray();
        var entries = ReadBytes(bytes);
        Assert.Equal("x\ny\n", ((Dictionary<string, object?>)entries[0].Object!.Content["data"]!)["v"]);
        Assert.Equal(["a", "b"], entries.Select(e => e.Object!.Name));
        Assert.Equal((1, 1), (entries[0].Object!.Location.Line, entries[0].Object!.Location.Column));
    }

    [Fact]
    public void Utf16_with_a_byte_order_mark_is_read_as_kubectl_reads_it()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(Object("a") + "---\n" + Object("b"))).ToArray();
        Assert.Equal(["a", "b"], ReadBytes(bytes).Select(e => e.Object!.Name));
    }

    [Fact]
    public void Bytes_that_are_not_utf8_and_control_characters_are_problems_of_their_document_only()
    {
        var bytes = Encoding.UTF8.GetBytes(Object("a") + "data: {v: \"x").Concat(new byte[] { 0xFF }).Concat(Encoding.UTF8.GetBytes("\"}\n---\n" + Object("b") + "data: {v: \"\u0001\"}\n---\n" + Object("c"))).ToArray();
        var entries = ReadBytes(bytes);
        Assert.Equal("in.yaml:5:13: document 0: invalid UTF-8 (the byte 0xFF): go-yaml refuses it (kubectl would read it as U+FFFD); save the file as UTF-8", entries[0].Problem);
        Assert.Equal("in.yaml:11:12: document 1: control characters are not allowed (U+0001); write it as an escape in a double-quoted string, such as \"\\x01\"", entries[1].Problem);
        Assert.Equal("c", entries[2].Object!.Name);
    }

    // ---- JSON streams (YAMLOrJSONDecoder).

    [Fact]
    public void A_stream_that_starts_with_a_brace_is_a_stream_of_json_values()
    {
        var entries = Read("""
            {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}, "data": {"n": 1, "f": 1.5, "e": "\u00e9\/"}}
            {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "b"}}
            """);
        Assert.Equal(["a", "b"], entries.Select(e => e.Object!.Name));
        Assert.Equal(new Dictionary<string, object?> { ["n"] = 1L, ["f"] = 1.5, ["e"] = "\u00e9/" }, entries[0].Object!.Content["data"]);
        Assert.Equal(((1, 1), (2, 1)), ((entries[0].Object!.Location.Line, entries[0].Object!.Location.Column), (entries[1].Object!.Location.Line, entries[1].Object!.Location.Column)));
        Assert.Equal(new SourceMark("in.yaml", 1, 79), ((SourceMap)entries[0].Object!.Source!["data"]!).Entry("n")!.Key.Mark);
    }

    [Fact]
    public void Json_that_fails_in_its_first_two_values_is_read_as_yaml_from_there()
    {
        // A flow mapping is not JSON, but YAML reads it.
        Assert.Equal("a", Read("{apiVersion: v1, kind: ConfigMap, metadata: {name: a}}").Single().Object!.Name);
        // A JSON object, then YAML documents.
        Assert.Equal(["a", "b"], Read("{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"a\"}}\n---\n" + Object("b")).Select(e => e.Object!.Name));
        // When YAML cannot read it either, the JSON error stands.
        var problem = Read("{\"apiVersion\": \"v1\", \"kind\": [}").Single().Problem;
        Assert.Equal("in.yaml:1:31: document 0: invalid YAML: invalid character '}' looking for beginning of value; fix the syntax (is it indented consistently?)", problem);
    }

    [Fact]
    public void A_json_syntax_error_after_two_values_is_one_problem_and_the_next_object_is_read()
    {
        const string J = "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"N\"}}";
        var entries = Read($"{J.Replace("N", "a")}\n{J.Replace("N", "b")}\n{{\"apiVersion\": [}}\n{J.Replace("N", "c")}\n");
        Assert.Equal(["a", "b"], entries.Take(2).Select(e => e.Object!.Name));
        Assert.Equal("in.yaml:3:17: document 2: invalid YAML: invalid character '}' looking for beginning of value; fix the syntax (is it indented consistently?)", entries[2].Problem);
        Assert.Equal(("c", 3), (entries[3].Object!.Name, entries[3].Object!.Location.Document));
    }

    [Fact]
    public void A_json_value_a_character_makes_unreadable_is_one_problem_and_the_next_object_is_read()
    {
        // Taken with a bound: a reader that did not move on past the bad value would yield it for ever.
        var entries = ManifestReader.ReadStream("in.yaml", new StringReader("{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\u0010}}\n{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"b\"}}\n")).Take(10).ToList();
        Assert.Equal(2, entries.Count);
        Assert.Equal("in.yaml:1:56: document 0: control characters are not allowed (U+0010); write it as an escape in a double-quoted string, such as \"\\x01\"", entries[0].Problem);
        Assert.Equal("b", entries[1].Object!.Name);
    }

    [Fact]
    public void Json_duplicate_keys_warn_and_json_numbers_are_what_the_apiserver_receives()
    {
        var o = Read("{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"a\"}, \"v\": [1, 1.0, 1e3, 9007199254740993, 100000000000000000000], \"v\": [2]}").Single().Object!;
        Assert.Equal(new List<object?> { 2L }, o.Content["v"]);
        Assert.Single(o.Warnings);
        var numbers = Read("{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"a\"}, \"v\": [1, 1.0, 1e3, 9007199254740993, 100000000000000000000, -0]}").Single().Object!;
        Assert.Equal(new List<object?> { 1L, 1L, 1000L, 9007199254740993L, 1e20, 0L }, numbers.Content["v"]);
    }

    // ---- Lists (UnstructuredJSONScheme).

    [Fact]
    public void Any_object_with_items_is_a_list_read_item_by_item()
    {
        var entries = Read("apiVersion: v1\nkind: Anything\nitems:\n- " + Object("a").Replace("\n", "\n  ").TrimEnd() + "\n- metadata: {name: inferred}\n- null\n");
        Assert.Equal(["ConfigMap", "Anything", "Anything"], entries.Select(e => e.Object!.Kind));
        Assert.Equal(["a", "inferred", ""], entries.Select(e => e.Object!.Name));
        Assert.Equal([4, 8, 9], entries.Select(e => e.Object!.Location.Line));
        var inferredKind = Read("apiVersion: v1\nkind: PodList\nitems:\n- metadata: {name: p}\n").Single().Object!;
        Assert.Equal(("v1", "Pod"), (inferredKind.ApiVersion, inferredKind.Kind));
    }

    [Theory]
    [InlineData("apiVersion: v1\nkind: PodList\nitems: null\n", 0)]
    [InlineData("apiVersion: v1\nkind: PodList\nitems: []\n", 0)]
    public void A_list_without_items_has_no_objects(string yaml, int count) => Assert.Equal(count, Read(yaml).Count);

    [Theory]
    [InlineData("apiVersion: v1\nkind: PodList\nitems: [1]\n", "in.yaml:3:9: document 0: item 0 of the PodList is not an object; kubectl refuses the whole list (cannot unmarshal into map[string]interface {})")]
    [InlineData("apiVersion: v1\nkind: PodList\nitems: {}\n", "in.yaml:3:8: document 0: items must be a list of objects; kubectl refuses it")]
    [InlineData("apiVersion: v1\nitems: []\n", "in.yaml:1:1: document 0: a list (an object with items) needs a kind; kubectl refuses it (Object 'Kind' is missing)")]
    public void What_kubectl_refuses_in_a_list_is_a_problem_of_the_whole_document(string yaml, string problem) => Assert.Equal(problem, Read(yaml).Single().Problem);

    [Fact]
    public void A_warning_goes_to_the_list_item_it_is_about()
    {
        var entries = Read("apiVersion: v1\nkind: List\nitems:\n- " + Object("a").Replace("\n", "\n  ").TrimEnd() + "\n- " + Object("b").Replace("\n", "\n  ").TrimEnd() + "\n  kind: Secret\n");
        Assert.Empty(entries[0].Object!.Warnings);
        Assert.StartsWith("in.yaml:12:3: document 0: duplicate key 'kind' (first written at line 9)", Assert.Single(entries[1].Object!.Warnings));
        Assert.Equal("Secret", entries[1].Object!.Kind);
    }

    [Fact]
    public void Every_object_keeps_its_source_for_field_positions()
    {
        var o = Read(Object("a") + "data:\n  k: v\n").Single().Object!;
        Assert.Equal(new SourceMark("in.yaml", 6, 6), ((SourceMap)o.Source!["data"]!)["k"]!.Mark);
    }

    // ---- Paths that are not regular files.

    [Fact]
    public void Fifos_devices_folders_and_broken_links_are_problems_not_hangs()
    {
        var dir = Directory.CreateTempSubdirectory("pspr-paths-").FullName;
        try
        {
            var fifo = Path.Combine(dir, "pipe.yaml");
            using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo)) mkfifo.WaitForExit();
            var loop = Path.Combine(dir, "loop.yaml");
            File.CreateSymbolicLink(loop, loop);
            var dangling = Path.Combine(dir, "dangling.yaml");
            File.CreateSymbolicLink(dangling, Path.Combine(dir, "nowhere"));
            Directory.CreateDirectory(Path.Combine(dir, "sub"));
            Directory.CreateSymbolicLink(Path.Combine(dir, "sub", "up"), dir);
            File.WriteAllText(Path.Combine(dir, "sub", "ok.yaml"), Object("ok"));

            var entries = ManifestReader.Read([dir, fifo, "/dev/zero"]).ToList();
            Assert.Equal($"{dangling}: cannot read: a symbolic link to nothing ({Path.Combine(dir, "nowhere")})", entries[0].Problem);
            Assert.StartsWith($"{loop}: cannot read: a symbolic link that does not resolve (", entries[1].Problem);
            Assert.Equal($"{fifo}: cannot read: not a regular file but a fifo", entries[2].Problem);
            // The link back up is not followed: the folder is read once.
            Assert.Equal("ok", entries[3].Object!.Name);
            Assert.Equal($"{fifo}: cannot read: not a regular file but a fifo", entries[4].Problem);
            Assert.Equal("/dev/zero: cannot read: not a regular file but a character device", entries[5].Problem);
            Assert.Equal(6, entries.Count);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void The_parallel_reader_gives_the_same_entries_in_the_same_order()
    {
        var dir = Directory.CreateTempSubdirectory("pspr-parallel-").FullName;
        try
        {
            for (var i = 0; i < 12; i++) File.WriteAllText(Path.Combine(dir, $"f{i:D2}.yaml"), Object($"a{i}") + "---\nkind: [\n---\n" + Object($"b{i}"));
            var serial = ManifestReader.Read([dir], rules: YamlRules.Strict).Select(e => e.Object?.Name ?? e.Problem).ToList();
            var parallel = ParallelManifestReader.ReadBatches([dir], 5, rules: YamlRules.Strict).SelectMany(b => b).Select(e => e.Object?.Name ?? e.Problem).ToList();
            Assert.Equal(36, serial.Count);
            Assert.Equal(serial, parallel);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void A_document_past_the_size_bound_is_one_problem_and_the_next_document_is_still_read()
    {
        var line = "  k: \"" + new string('x', 1000) + "\"\n";
        var huge = new System.Text.StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n");
        while (huge.Length <= YamlRules.MaxDocumentChars) huge.Append(line);
        var entries = Read(huge + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: after}\n");
        Assert.Equal(2, entries.Count);
        Assert.Contains("the document is larger than 64 Mi characters", entries[0].Problem);
        Assert.Equal("after", entries[1].Object!.Name);
    }
}
