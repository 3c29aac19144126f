using PspReplacement.Yaml;

namespace PspReplacement.Manifests;

/// <summary>One item of a manifest stream: an object, or a problem that made a file or document unreadable.</summary>
public sealed record ManifestEntry(ManifestObject? Object, string? Problem)
{
    public static ManifestEntry Of(ManifestObject o) => new(o, null);
    public static ManifestEntry Failed(string problem) => new(null, problem);
}

/// <summary>
/// Streams Kubernetes objects out of files, folders (recursively *.yaml, *.yml, *.json, in ordinal path order) and
/// standard input ("-"), exactly as kubectl reads them: documents cut at "---" lines or JSON values
/// (<see cref="ManifestStream"/>), each read by the YAML layer (<see cref="YamlReader"/>), and objects with items
/// read item by item as kubectl's UnstructuredJSONScheme decides. Only one document is in memory at a time. Each
/// unreadable document becomes one problem entry (file:line:column, document, what to do) and the documents after it
/// are still read, so one bad document does not hide the verdicts on the rest.
/// </summary>
public static class ManifestReader
{
    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    /// <param name="rules">How to read (default <see cref="YamlRules.Manifests"/>: as kubectl, duplicate keys warn).</param>
    public static IEnumerable<ManifestEntry> Read(IEnumerable<string> paths, Func<TextReader>? stdin = null, YamlRules? rules = null)
    {
        rules ??= YamlRules.Manifests;
        foreach (var path in paths)
        {
            if (path == "-")
            {
                var entries = stdin is null
                    ? ReadStream("-", Console.OpenStandardInput(), rules)
                    : ReadStream("-", stdin(), rules);
                foreach (var entry in entries) yield return entry;
            }
            else if (Directory.Exists(path))
            {
                IEnumerable<string> files;
                string? problem = null;
                try { files = FilesUnder(path).ToList(); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    files = [];
                    problem = $"{path}: cannot read the folder: {e.Message}";
                }
                if (problem is not null) yield return ManifestEntry.Failed(problem);
                foreach (var file in files)
                    foreach (var entry in ReadFile(file, rules)) yield return entry;
            }
            else if (File.Exists(path) || new FileInfo(path).LinkTarget is not null)
            {
                foreach (var entry in ReadFile(path, rules)) yield return entry;
            }
            else
            {
                yield return ManifestEntry.Failed($"{path}: no such file or folder; give a manifest file, a folder of *.yaml/*.yml/*.json, or - for standard input");
            }
        }
    }

    /// <summary>
    /// The manifest files under a folder, recursively, in ordinal order (deterministic on every platform). A symbolic
    /// link to a folder is not followed, as kubectl's recursive walk (filepath.Walk) does not, so a link loop cannot
    /// make it endless; a link to a file is read.
    /// </summary>
    public static IEnumerable<string> FilesUnder(string folder)
    {
        var files = new List<string>();
        var pending = new Stack<string>([folder]);
        while (pending.TryPop(out var current))
        {
            foreach (var entry in new DirectoryInfo(current).EnumerateFileSystemInfos())
            {
                var path = Path.Combine(current, entry.Name);
                if (entry is DirectoryInfo)
                {
                    if (entry.LinkTarget is null) pending.Push(path);
                }
                else if (Extensions.Contains(Path.GetExtension(entry.Name), StringComparer.OrdinalIgnoreCase)) files.Add(path);
            }
        }
        return files.Order(StringComparer.Ordinal);
    }

    private static IEnumerable<ManifestEntry> ReadFile(string path, YamlRules rules)
    {
        Stream stream;
        try { stream = YamlReader.OpenFile(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [ManifestEntry.Failed($"{path}: cannot read: {e.Message}")];
        }
        return ReadStream(path, stream, rules);
    }

    /// <summary>Reads one stream of YAML/JSON documents. source is how messages name it.</summary>
    public static IEnumerable<ManifestEntry> ReadStream(string source, TextReader text, YamlRules? rules = null) =>
        Entries(ManifestStream.Documents(LineSource.Open(text), source, rules ?? YamlRules.Manifests));

    /// <summary>Reads one stream of bytes (UTF-8, or UTF-16 with a byte order mark).</summary>
    public static IEnumerable<ManifestEntry> ReadStream(string source, Stream bytes, YamlRules? rules = null) =>
        Entries(ManifestStream.Documents(LineSource.Open(bytes), source, rules ?? YamlRules.Manifests));

    private static IEnumerable<ManifestEntry> Entries(IEnumerable<YamlDocument> documents)
    {
        foreach (var document in documents)
            foreach (var entry in Objects(document)) yield return entry;
    }

    private static IEnumerable<ManifestEntry> Objects(YamlDocument document)
    {
        if (!document.IsReadable) return [ManifestEntry.Failed(Describe(document))];
        switch (document.Root)
        {
            case null or SourceScalar { IsNull: true }:
                return []; // empty documents are normal in helm template output; kubectl skips a null one too
            case SourceMap map:
                var found = new List<(SourceMap Source, Dictionary<string, object?> Content)>();
                if (Flatten(map, (Dictionary<string, object?>)map.ToPlain()!, document, found) is { } problem) return [ManifestEntry.Failed(problem)];
                var warnings = Attribute(document, found.Select(f => f.Source).ToList());
                return found.Select((f, i) => Check(new ManifestObject(Location(document, f.Source), f.Content) { Source = f.Source, Warnings = warnings[i] })).ToList();
            default:
                return [ManifestEntry.Failed($"{document.Root.Mark}: document {document.Index}: expected a Kubernetes object (a mapping with apiVersion and kind), found {Describe(document.Root)}")];
        }
    }

    private static ManifestLocation Location(YamlDocument document, SourceMap source) => new(source.Mark.File, document.Index, source.Mark.Line, source.Mark.Column);

    // UnstructuredJSONScheme: an object with an "items" key (whatever its value) is a list. Its items are objects
    // (null is an empty one); an item without kind and apiVersion gets the list's, less "List". A list inside a list
    // is read for its items too. Anything else in items makes the whole document unreadable, as in kubectl.
    private static string? Flatten(SourceMap source, Dictionary<string, object?> content, YamlDocument document, List<(SourceMap, Dictionary<string, object?>)> found)
    {
        if (!content.TryGetValue("items", out var items))
        {
            found.Add((source, content));
            return null;
        }
        var at = $"{source.Mark}: document {document.Index}";
        var listKind = content.GetValueOrDefault("kind") as string ?? "";
        if (listKind.Length == 0) return $"{at}: a list (an object with items) needs a kind; kubectl refuses it (Object 'Kind' is missing)";
        if (items is null) return null;
        if (items is not List<object?> list || source["items"] is not SourceList sourceItems)
            return $"{source.Entry("items")!.Value.Mark}: document {document.Index}: items must be a list of objects; kubectl refuses it";
        for (var i = 0; i < list.Count; i++)
        {
            var itemSource = sourceItems.Items[i];
            Dictionary<string, object?> item;
            SourceMap itemMap;
            switch (list[i])
            {
                case null:
                    item = [];
                    itemMap = new SourceMap([], itemSource.Mark);
                    break;
                case Dictionary<string, object?> d when itemSource is SourceMap m:
                    item = d;
                    itemMap = m;
                    break;
                default:
                    return $"{itemSource.Mark}: document {document.Index}: item {i} of the {listKind} is not an object; kubectl refuses the whole list (cannot unmarshal into map[string]interface {{}})";
            }
            if (item.GetValueOrDefault("kind") is not string { Length: > 0 } && item.GetValueOrDefault("apiVersion") is not string { Length: > 0 })
            {
                item["kind"] = listKind.EndsWith("List", StringComparison.Ordinal) ? listKind[..^"List".Length] : listKind;
                item["apiVersion"] = content.GetValueOrDefault("apiVersion") as string ?? "";
            }
            if (Flatten(itemMap, item, document, found) is { } problem) return problem;
        }
        return null;
    }

    // A warning goes to the object whose mapping (or a mapping inside it) it is about; the rest to the first object.
    private static List<IReadOnlyList<string>> Attribute(YamlDocument document, IReadOnlyList<SourceMap> objects)
    {
        var result = objects.Select(_ => (IReadOnlyList<string>)[]).ToList();
        if (document.Warnings.Count == 0 || objects.Count == 0) return result;
        var lists = objects.Select(_ => new List<string>()).ToList();
        var owners = objects.Count == 1 ? null : objects.Select(Maps).ToList();
        foreach (var warning in document.Warnings)
        {
            var owner = owners is null || warning.In is null ? 0 : Math.Max(0, owners.FindIndex(set => set.Contains(warning.In)));
            lists[owner].Add($"{warning.Mark}: document {document.Index}: {warning.Message}");
        }
        return lists.Select(l => (IReadOnlyList<string>)l).ToList();
    }

    private static HashSet<SourceMap> Maps(SourceMap root)
    {
        var set = new HashSet<SourceMap>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<SourceNode>([root]);
        while (stack.TryPop(out var node))
        {
            if (node is SourceMap map)
            {
                if (!set.Add(map)) continue;
                foreach (var entry in map.Entries) stack.Push(entry.Value);
            }
            else if (node is SourceList list)
                foreach (var item in list.Items) stack.Push(item);
        }
        return set;
    }

    private static ManifestEntry Check(ManifestObject o)
    {
        if (o.ApiVersion.Length == 0 || o.Kind.Length == 0)
            return ManifestEntry.Failed($"{o.Location}: document {o.Location.Document}: object has no {(o.ApiVersion.Length == 0 ? "apiVersion" : "kind")}; every Kubernetes object needs apiVersion and kind");
        if (o.Content.GetValueOrDefault("metadata") is { } and not Dictionary<string, object?>)
            return ManifestEntry.Failed($"{o.Location}: document {o.Location.Document}: metadata must be a mapping");
        return ManifestEntry.Of(o);
    }

    /// <summary>An unreadable document as one line: where, which document, what, what to do (and how many more problems it has).</summary>
    private static string Describe(YamlDocument document)
    {
        var first = document.Problems[0];
        var more = document.Problems.Count > 1 ? $" (and {document.Problems.Count - 1} more problem{(document.Problems.Count > 2 ? "s" : "")} in this document)" : "";
        return first.IsSyntax
            ? $"{first.Mark}: document {document.Index}: invalid YAML: {first.Message}; fix the syntax (is it indented consistently?){more}"
            : $"{first.Mark}: document {document.Index}: {first.Message}{more}";
    }

    private static string Describe(SourceNode node) => node switch
    {
        SourceList => "a sequence",
        SourceScalar { Value: string s } => $"the text '{(s.Length > 40 ? s[..40] + "..." : s)}'",
        SourceScalar s => $"the scalar {s.Text}",
        _ => "something else",
    };
}
