using PspReplacement.Yaml;

namespace PspReplacement.Manifests;

/// <summary>Where an object was read: the path as the user gave it ("-" for stdin), the 0-based document index and the 1-based line and column.</summary>
public readonly record struct ManifestLocation(string Source, int Document, int Line, int Column)
{
    public override string ToString() => $"{Source}:{Line}:{Column}";
}

/// <summary>
/// One Kubernetes object as decoded from a manifest: plain data (Dictionary&lt;string, object?&gt;, List&lt;object?&gt;,
/// string, long, double, bool, null) exactly as kubectl's unstructured object holds it (docs/yaml.md), so absent
/// fields stay absent. <see cref="Source"/> is the same object as written, with the position of every field.
/// </summary>
public sealed record ManifestObject(ManifestLocation Location, Dictionary<string, object?> Content)
{
    /// <summary>The object's mapping as written (null for an object that was not read from YAML or JSON).</summary>
    public SourceMap? Source { get; init; }

    /// <summary>What is suspicious in the object as written, each "file:line:column: document N: what; what to do" (a duplicate key, with both lines).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public string ApiVersion => Content.GetValueOrDefault("apiVersion") as string ?? "";
    public string Kind => Content.GetValueOrDefault("kind") as string ?? "";
    public Dictionary<string, object?>? Metadata => Content.GetValueOrDefault("metadata") as Dictionary<string, object?>;
    public string Name => Metadata?.GetValueOrDefault("name") as string ?? "";
    public string GenerateName => Metadata?.GetValueOrDefault("generateName") as string ?? "";
    /// <summary>metadata.namespace, or "" when the manifest does not say.</summary>
    public string Namespace => Metadata?.GetValueOrDefault("namespace") as string ?? "";

    public IReadOnlyDictionary<string, string> Labels => StringMap(Metadata?.GetValueOrDefault("labels"));

    /// <summary>The group of apiVersion ("" for the core group "v1").</summary>
    public string Group => ApiVersion.Contains('/') ? ApiVersion[..ApiVersion.IndexOf('/')] : "";
    public string Version => ApiVersion.Contains('/') ? ApiVersion[(ApiVersion.IndexOf('/') + 1)..] : ApiVersion;

    /// <summary>
    /// Where a field was written, for a path as the apiserver's errors give it ("spec.containers[0].ports",
    /// "metadata.labels[\"app\"]"): the deepest node of the path that the manifest has; null without a source.
    /// </summary>
    public SourceMark? MarkOf(string? path)
    {
        if (Source is null) return null;
        SourceNode node = Source;
        if (string.IsNullOrEmpty(path)) return node.Mark;
        var i = 0;
        while (i < path.Length)
        {
            if (path[i] == '.') { i++; continue; }
            SourceNode? next;
            if (path[i] == '[')
            {
                var close = path.IndexOf(']', i);
                if (close < 0) break;
                var inside = path[(i + 1)..close];
                next = inside.StartsWith('"') && node is SourceMap keyed ? keyed[inside.Trim('"').Replace("\\\"", "\"", StringComparison.Ordinal)]
                    : int.TryParse(inside, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) && node is SourceList list && index < list.Items.Count ? list.Items[index]
                    : null;
                i = close + 1;
            }
            else
            {
                var end = path.IndexOfAny(['.', '['], i);
                if (end < 0) end = path.Length;
                next = node is SourceMap map ? map.Entry(path[i..end]) is { } entry ? entry.Value : null : null;
                i = end;
            }
            if (next is null) break;
            node = next;
        }
        return node.Mark;
    }

    /// <summary>Kind/namespace/name, for messages.</summary>
    public string Describe() => $"{Kind} {(Namespace.Length > 0 ? Namespace + "/" : "")}{(Name.Length > 0 ? Name : GenerateName + "*")}";

    internal static IReadOnlyDictionary<string, string> StringMap(object? value)
    {
        if (value is not Dictionary<string, object?> map || map.Count == 0) return EmptyLabels;
        var result = new Dictionary<string, string>(map.Count, StringComparer.Ordinal);
        foreach (var (k, v) in map) result[k] = v switch { null => "", string s => s, bool b => b ? "true" : "false", _ => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "" };
        return result;
    }

    private static readonly IReadOnlyDictionary<string, string> EmptyLabels = new Dictionary<string, string>();
}
