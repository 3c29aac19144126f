using PspReplacement.Yaml;

namespace PspReplacement.Import;

/// <summary>
/// Read access to the Kyverno YAML being imported (policies, kyverno-test.yaml, chainsaw tests, their resources),
/// read strictly by the YAML layer; every node keeps its file:line:column so a problem in an input file is reported
/// where it is.
/// </summary>
internal static class YamlNodes
{
    /// <summary>Every non-empty document of a YAML file. Throws InvalidInputException with file:line:column on bad YAML.</summary>
    public static IReadOnlyList<SourceNode> LoadDocuments(string path, string displayPath) =>
        Roots(YamlReader.ReadFile(path, displayPath, YamlRules.Strict));

    public static IReadOnlyList<SourceNode> ParseDocuments(string text, string displayPath) =>
        Roots(YamlReader.ReadText(text, displayPath, YamlRules.Strict));

    private static List<SourceNode> Roots(IEnumerable<YamlDocument> documents)
    {
        var roots = YamlDocument.Roots(documents, p => p.IsSyntax
            ? $"{p.Mark}: invalid YAML: {p.Message}; fix the YAML syntax and run the import again"
            : $"{p}; fix it and run the import again", out var problems);
        if (problems.Count > 0) throw new InvalidInputException(problems);
        return roots;
    }

    public static string Where(SourceNode node) => node.Mark.ToString();

    public static bool IsNull(SourceNode? node) => node is null or SourceScalar { IsNull: true };

    public static SourceNode? Child(this SourceNode? node, string key) =>
        node is SourceMap map && map[key] is { } value && !IsNull(value) ? value : null;

    public static SourceNode? Path(this SourceNode? node, params string[] keys)
    {
        foreach (var key in keys) node = node.Child(key);
        return node;
    }

    public static string? Text(this SourceNode? node, string key) => node.Child(key) is SourceScalar s ? s.Text : null;

    public static IReadOnlyList<SourceNode> Items(this SourceNode? node, string key) =>
        node.Child(key) is SourceList list ? list.Items.Where(c => !IsNull(c)).ToList() : [];

    public static IReadOnlyList<string> Strings(this SourceNode? node, string key) =>
        node.Child(key) switch
        {
            SourceList list => list.Items.OfType<SourceScalar>().Select(s => s.Text).ToList(),
            SourceScalar s => [s.Text],
            _ => [],
        };

    public static IReadOnlyDictionary<string, string> StringMap(this SourceNode? node, string key)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (node.Child(key) is SourceMap map)
            foreach (var entry in map.Entries)
                if (entry.Value is SourceScalar value) result[entry.Name] = value.Text;
        return result;
    }

    /// <summary>The node as plain data, as kubectl and the Kyverno CLI read manifests (<see cref="SourceNode.ToPlain"/>).</summary>
    public static object? ToPlain(SourceNode node) => node.ToPlain();

    /// <summary>True when a string written as a plain scalar would read back as something else than that string.</summary>
    public static bool NeedsQuotes(string text) => ScalarResolver.PlainValue(text) is not string;

    /// <summary>A scalar node's text, or null for anything else.</summary>
    public static string? AsText(this SourceNode? node) => node is SourceScalar s ? s.Text : null;
}
