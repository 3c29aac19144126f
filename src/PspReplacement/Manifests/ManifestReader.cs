using YamlDotNet.Core;

namespace PspReplacement.Manifests;

/// <summary>One item of a manifest stream: an object, or a problem that made a file or document unreadable.</summary>
public sealed record ManifestEntry(ManifestObject? Object, string? Problem)
{
    public static ManifestEntry Of(ManifestObject o) => new(o, null);
    public static ManifestEntry Failed(string problem) => new(null, problem);
}

/// <summary>
/// Streams Kubernetes objects out of files, folders (recursively *.yaml, *.yml, *.json, in ordinal path order) and
/// standard input ("-"): multi-document YAML, JSON, and List kinds (each item on its own). Only one document is in
/// memory at a time. Unreadable input becomes a problem entry naming file, document and line, and reading goes on
/// with the next file, so one bad file does not hide the verdicts on the rest.
/// </summary>
public static class ManifestReader
{
    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    public static IEnumerable<ManifestEntry> Read(IEnumerable<string> paths, Func<TextReader>? stdin = null)
    {
        foreach (var path in paths)
        {
            if (path == "-")
            {
                using var reader = stdin?.Invoke() ?? new StreamReader(Console.OpenStandardInput());
                foreach (var entry in ReadStream("-", reader)) yield return entry;
            }
            else if (Directory.Exists(path))
            {
                foreach (var file in FilesUnder(path))
                    foreach (var entry in ReadFile(file)) yield return entry;
            }
            else if (File.Exists(path))
            {
                foreach (var entry in ReadFile(path)) yield return entry;
            }
            else
            {
                yield return ManifestEntry.Failed($"{path}: no such file or folder; give a manifest file, a folder of *.yaml/*.yml/*.json, or - for standard input");
            }
        }
    }

    /// <summary>The manifest files under a folder, recursively, in ordinal order (deterministic on every platform).</summary>
    public static IEnumerable<string> FilesUnder(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);

    private static IEnumerable<ManifestEntry> ReadFile(string path)
    {
        StreamReader reader;
        try { reader = new StreamReader(path, new FileStreamOptions { BufferSize = 64 * 1024 }); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [ManifestEntry.Failed($"{path}: cannot read: {e.Message}")];
        }
        return Disposing(reader, ReadStream(path, reader));
    }

    private static IEnumerable<ManifestEntry> Disposing(IDisposable resource, IEnumerable<ManifestEntry> entries)
    {
        using (resource) foreach (var e in entries) yield return e;
    }

    /// <summary>Reads one stream of YAML/JSON documents. source is how messages name it.</summary>
    public static IEnumerable<ManifestEntry> ReadStream(string source, TextReader text)
    {
        var reader = new YamlDocumentReader(text);
        for (var index = 0; ; index++)
        {
            YamlDocument document;
            string? problem = null;
            try
            {
                if (!reader.TryRead(out document)) yield break;
            }
            catch (YamlException e)
            {
                document = default;
                problem = $"{source}:{e.Start.Line}:{e.Start.Column}: document {index}: invalid YAML: {Reason(e)}; fix the syntax (is it indented consistently?)";
            }
            if (problem is not null) { yield return ManifestEntry.Failed(problem); yield break; }
            foreach (var entry in Objects(source, index, document)) yield return entry;
        }
    }

    private static IEnumerable<ManifestEntry> Objects(string source, int index, YamlDocument document)
    {
        switch (document.Root)
        {
            case null:
                yield break; // empty documents are normal in helm template output
            case Dictionary<string, object?> map:
                var location = new ManifestLocation(source, index, document.Line, document.Column);
                if (IsList(map, out var items))
                {
                    foreach (var item in items)
                    {
                        if (item is Dictionary<string, object?> itemMap)
                        {
                            var at = document.ItemPositions?.GetValueOrDefault(itemMap) ?? (document.Line, document.Column);
                            var e = Check(new ManifestObject(location with { Line = at.Line, Column = at.Column }, itemMap));
                            if (e is not null) yield return e;
                        }
                        else yield return ManifestEntry.Failed($"{location}: document {index}: an item of the List is not an object");
                    }
                    yield break;
                }
                var entry = Check(new ManifestObject(location, map));
                if (entry is not null) yield return entry;
                yield break;
            default:
                yield return ManifestEntry.Failed($"{source}:{document.Line}:{document.Column}: document {index}: expected a Kubernetes object (a mapping with apiVersion and kind), found {Describe(document.Root)}");
                yield break;
        }
    }

    private static ManifestEntry? Check(ManifestObject o)
    {
        if (o.ApiVersion.Length == 0 || o.Kind.Length == 0)
            return ManifestEntry.Failed($"{o.Location}: document {o.Location.Document}: object has no {(o.ApiVersion.Length == 0 ? "apiVersion" : "kind")}; every Kubernetes object needs apiVersion and kind");
        if (o.Content.GetValueOrDefault("metadata") is { } meta and not Dictionary<string, object?>)
            return ManifestEntry.Failed($"{o.Location}: document {o.Location.Document}: metadata must be a mapping");
        return ManifestEntry.Of(o);
    }

    // kubectl treats any kind ending in "List" with an items array as a list of objects (v1 List, PodList, ...).
    private static bool IsList(Dictionary<string, object?> map, out List<object?> items)
    {
        items = [];
        if (map.GetValueOrDefault("kind") is string kind && kind.EndsWith("List", StringComparison.Ordinal) && map.GetValueOrDefault("items") is List<object?> list)
        {
            items = list;
            return true;
        }
        return false;
    }

    private static string Describe(object? value) => value switch
    {
        List<object?> => "a sequence",
        string s => $"the text '{(s.Length > 40 ? s[..40] + "..." : s)}'",
        _ => $"the scalar {value}",
    };

    private static string Reason(YamlException e)
    {
        var message = e.InnerException?.Message ?? e.Message;
        // YamlDotNet prefixes "(Line: 3, Col: 1, Idx: 20) - (Line: ...): "; the location is already in front.
        var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
        return cut >= 0 ? message[(cut + 3)..] : message;
    }
}
