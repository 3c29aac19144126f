using PspReplacement.Manifests;

namespace PspReplacement.Tests.ManifestReading; // not ".Manifests": that would shadow PspReplacement.Manifests in sibling test namespaces

public class ManifestReaderTests
{
    private static List<ManifestEntry> Read(string yaml, string source = "in.yaml") => ManifestReader.ReadStream(source, new StringReader(yaml)).ToList();

    private static Dictionary<string, object?> Data(ManifestEntry e) => (Dictionary<string, object?>)e.Object!.Content["data"]!;

    [Fact]
    public void Plain_scalars_resolve_like_kubectl_and_quoted_ones_stay_strings()
    {
        var entry = Read("""
            apiVersion: v1
            kind: X
            data:
              int: 42
              negative: -7
              hex: 0x1F
              octal: 0o17
              float: 1.5
              exp: 1e3
              isYes: yes
              isOff: off
              on: 1
              t: true
              nul: null
              tilde: ~
              empty:
              quoted: "42"
              single: 'true'
              text: hello world
              date: 2024-01-01
              version: 1.30.1
              big: 18446744073709551615
            """).Single();
        var d = Data(entry);
        Assert.Equal(42L, d["int"]);
        Assert.Equal(-7L, d["negative"]);
        Assert.Equal(31L, d["hex"]);
        Assert.Equal(15L, d["octal"]);
        Assert.Equal(1.5, d["float"]);
        Assert.Equal(1000L, d["exp"]); // a float JSON writes as an integer is an int64 in kubectl's object
        Assert.Equal(true, d["isYes"]);
        Assert.Equal(false, d["isOff"]);
        Assert.Equal(1L, d["true"]); // go-yaml v2 reads the key "on" as true, and JSON keys are text
        Assert.Equal(true, d["t"]);
        Assert.Null(d["nul"]);
        Assert.Null(d["tilde"]);
        Assert.True(d.ContainsKey("empty"));
        Assert.Null(d["empty"]);
        Assert.Equal("42", d["quoted"]);
        Assert.Equal("true", d["single"]);
        Assert.Equal("hello world", d["text"]);
        Assert.Equal("2024-01-01", d["date"]);
        Assert.Equal("1.30.1", d["version"]);
        Assert.Equal(18446744073709551615.0, d["big"]); // beyond int64: a float64
    }

    [Fact]
    public void Absent_fields_stay_absent()
    {
        var o = Read("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a}]}\n").Single().Object!;
        var container = (Dictionary<string, object?>)((List<object?>)((Dictionary<string, object?>)o.Content["spec"]!)["containers"]!)[0]!;
        Assert.False(container.ContainsKey("securityContext"));
        Assert.False(o.Content.ContainsKey("status"));
    }

    [Fact]
    public void Multi_document_streams_give_each_object_its_document_index_and_line_and_skip_empty_documents()
    {
        var entries = Read("""
            ---
            # a comment only
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: a}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: b, namespace: ns}
            """);
        Assert.Equal(2, entries.Count);
        Assert.Equal(("a", 1, 4), (entries[0].Object!.Name, entries[0].Object!.Location.Document, entries[0].Object!.Location.Line));
        Assert.Equal(("b", 2, 8), (entries[1].Object!.Name, entries[1].Object!.Location.Document, entries[1].Object!.Location.Line));
        Assert.Equal("ns", entries[1].Object!.Namespace);
    }

    [Fact]
    public void List_kinds_are_read_item_by_item_with_each_item_line()
    {
        var entries = Read("""
            apiVersion: v1
            kind: List
            items:
              - apiVersion: v1
                kind: Pod
                metadata: {name: one}
              - apiVersion: apps/v1
                kind: Deployment
                metadata: {name: two}
            """);
        Assert.Equal(["Pod", "Deployment"], entries.Select(e => e.Object!.Kind));
        Assert.Equal([4, 7], entries.Select(e => e.Object!.Location.Line));
        Assert.All(entries, e => Assert.Equal(0, e.Object!.Location.Document));
    }

    [Fact]
    public void Json_is_read_too()
    {
        var o = Read("""{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "j"}, "spec": {"n": 3, "d": 1.0, "f": 1.5, "s": "3"}}""").Single().Object!;
        var spec = (Dictionary<string, object?>)o.Content["spec"]!;
        Assert.Equal(3L, spec["n"]);
        Assert.Equal(1L, spec["d"]); // what the apiserver receives: kubectl sends float64 1 as the JSON number 1
        Assert.Equal(1.5, spec["f"]);
        Assert.Equal("3", spec["s"]);
    }

    [Fact]
    public void Invalid_yaml_is_a_problem_with_file_line_and_document()
    {
        var entries = Read("apiVersion: v1\nkind: Pod\n---\napiVersion: v1\nkind: [unclosed\n", "bad.yaml");
        Assert.Equal("Pod", entries[0].Object!.Kind);
        var problem = Assert.Single(entries, e => e.Problem is not null).Problem!;
        Assert.StartsWith("bad.yaml:", problem);
        Assert.Contains("document 1", problem);
        Assert.Contains("invalid YAML", problem);
    }

    [Fact]
    public void Duplicate_keys_keep_the_last_value_with_a_warning_naming_both_lines_like_kubectl()
    {
        var o = Assert.Single(Read("apiVersion: v1\nkind: Pod\nkind: Service\n")).Object!;
        Assert.Equal("Service", o.Kind);
        Assert.Equal("in.yaml:3:1: document 0: duplicate key 'kind' (first written at line 2); kubectl and Helm keep this last value, remove the other", Assert.Single(o.Warnings));
    }

    [Fact]
    public void Duplicate_keys_are_an_error_of_their_document_when_reading_strictly()
    {
        var entries = ManifestReader.ReadStream("in.yaml", new StringReader("apiVersion: v1\nkind: Pod\nkind: Service\n---\napiVersion: v1\nkind: Pod\n"), PspReplacement.Yaml.YamlRules.Strict).ToList();
        Assert.Equal("in.yaml:3:1: document 0: duplicate key 'kind' (first written at line 2); remove one of them", entries[0].Problem);
        Assert.Equal("Pod", entries[1].Object!.Kind);
    }

    [Fact]
    public void An_object_without_kind_is_a_problem_naming_where()
    {
        var problem = Assert.Single(Read("apiVersion: v1\nmetadata: {name: x}\n", "f.yaml")).Problem;
        Assert.Equal("f.yaml:1:1: document 0: object has no kind; every Kubernetes object needs apiVersion and kind", problem);
    }

    [Fact]
    public void A_scalar_document_is_a_problem()
    {
        Assert.Contains("expected a Kubernetes object", Assert.Single(Read("just text\n")).Problem);
    }

    [Fact]
    public void Aliases_resolve_to_their_anchors()
    {
        var o = Read("apiVersion: v1\nkind: X\ndata:\n  a: &v {k: 1}\n  b: *v\n").Single();
        Assert.Equal(1L, ((Dictionary<string, object?>)Data(o)["b"]!)["k"]);
    }

    [Fact]
    public void An_alias_bomb_is_refused_before_it_expands()
    {
        // 10 levels of ten aliases each would be 10^10 nodes once converted for CEL.
        var lines = new List<string> { "  a0: &a0 [x, x, x, x, x, x, x, x, x, x]" };
        for (var i = 1; i <= 10; i++) lines.Add($"  a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]");
        var problem = Assert.Single(Read("apiVersion: v1\nkind: X\ndata:\n" + string.Join("\n", lines) + "\n", "bomb.yaml")).Problem;
        Assert.StartsWith("bomb.yaml:", problem);
        Assert.Contains("excessive aliasing", problem);
    }

    [Fact]
    public void Nesting_beyond_the_limit_is_refused_not_a_stack_overflow()
    {
        var deep = new string('[', 100_000) + new string(']', 100_000);
        var problem = Assert.Single(Read($"apiVersion: v1\nkind: X\ndata: {deep}\n", "deep.yaml")).Problem;
        Assert.StartsWith("deep.yaml:3:", problem);
        Assert.Contains("nests deeper than 1000 levels", problem);
        var ok = new string('[', 900) + new string(']', 900);
        Assert.Null(Assert.Single(Read($"apiVersion: v1\nkind: X\ndata: {ok}\n")).Problem);
    }

    [Fact]
    public void An_anchor_cannot_refer_to_itself()
    {
        var problem = Assert.Single(Read("apiVersion: v1\nkind: X\ndata: &d {self: *d}\n")).Problem;
        Assert.Equal("in.yaml:3:17: document 0: anchor 'd' value contains itself", problem);
    }

    [Fact]
    public void Folders_are_read_recursively_in_ordinal_order_and_only_manifest_extensions()
    {
        var dir = Directory.CreateTempSubdirectory("pspr-manifests-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "sub"));
            File.WriteAllText(Path.Combine(dir, "b.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n");
            File.WriteAllText(Path.Combine(dir, "a.json"), """{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}}""");
            File.WriteAllText(Path.Combine(dir, "sub", "c.yml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n");
            File.WriteAllText(Path.Combine(dir, "notes.txt"), "not: a manifest\n");
            var names = ManifestReader.Read([dir]).Select(e => e.Object!.Name).ToList();
            Assert.Equal(["a", "b", "c"], names);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void A_missing_path_is_a_problem_and_the_other_paths_are_still_read()
    {
        var dir = Directory.CreateTempSubdirectory("pspr-manifests-").FullName;
        try
        {
            var good = Path.Combine(dir, "good.yaml");
            File.WriteAllText(good, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: g}\n");
            var entries = ManifestReader.Read([Path.Combine(dir, "missing.yaml"), good]).ToList();
            Assert.Contains("no such file or folder", entries[0].Problem);
            Assert.Equal("g", entries[1].Object!.Name);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Standard_input_is_named_dash()
    {
        var entry = ManifestReader.Read(["-"], () => new StringReader("apiVersion: v1\nkind: Pod\nmetadata: {name: s}\n")).Single();
        Assert.Equal("-", entry.Object!.Location.Source);
    }

    [Fact]
    public void Reading_is_lazy_so_huge_streams_are_not_loaded_whole()
    {
        static IEnumerable<string> Documents()
        {
            for (var i = 0; ; i++) yield return $"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: c{i}}}\n---\n";
        }
        var reader = new EnumeratingReader(Documents());
        var first = ManifestReader.ReadStream("-", reader).Take(3).Select(e => e.Object!.Name).ToList();
        Assert.Equal(["c0", "c1", "c2"], first);
    }

    /// <summary>An endless text stream: only lazy reading can finish.</summary>
    private sealed class EnumeratingReader(IEnumerable<string> chunks) : TextReader
    {
        private readonly IEnumerator<string> _chunks = chunks.GetEnumerator();
        private string _current = "";
        private int _position;

        public override int Read()
        {
            if (_position >= _current.Length) { if (!_chunks.MoveNext()) return -1; _current = _chunks.Current; _position = 0; }
            return _current[_position++];
        }

        public override int Peek()
        {
            if (_position >= _current.Length) { if (!_chunks.MoveNext()) return -1; _current = _chunks.Current; _position = 0; }
            return _current[_position];
        }

        public override int Read(char[] buffer, int index, int count)
        {
            var n = 0;
            while (n < count) { var c = Read(); if (c < 0) break; buffer[index + n++] = (char)c; }
            return n;
        }
    }
}
