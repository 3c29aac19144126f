using PspReplacement.Manifests;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PspReplacement.Import;

/// <summary>
/// Read access to parsed Kyverno YAML that keeps the file:line:column of every node, so a problem in an input file
/// can be reported where it is.
/// </summary>
internal static class YamlNodes
{
    /// <summary>Parses every document of a YAML file. Throws InvalidInputException with file:line:column on syntax errors.</summary>
    public static IReadOnlyList<YamlNode> LoadDocuments(string path, string displayPath)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"{displayPath}: cannot read the file: {e.Message}");
        }
        return ParseDocuments(text, displayPath);
    }

    public static IReadOnlyList<YamlNode> ParseDocuments(string text, string displayPath)
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(text)); }
        catch (YamlException e)
        {
            throw new InvalidInputException(
                $"{displayPath}:{e.Start.Line}:{e.Start.Column}: invalid YAML: {Innermost(e).Message} Fix the YAML syntax and run the import again.");
        }
        return stream.Documents.Select(d => d.RootNode).Where(n => !IsNull(n)).ToList();
    }

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;

    public static string Where(string displayPath, YamlNode node) => $"{displayPath}:{node.Start.Line}:{node.Start.Column}";

    public static bool IsNull(YamlNode? node) =>
        node is null || node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    public static YamlNode? Child(this YamlNode? node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var value) && !IsNull(value) ? value : null;

    public static YamlNode? Path(this YamlNode? node, params string[] keys)
    {
        foreach (var key in keys) node = node.Child(key);
        return node;
    }

    public static string? Text(this YamlNode? node, string key) => node.Child(key) is YamlScalarNode s ? s.Value : null;

    public static IReadOnlyList<YamlNode> Items(this YamlNode? node, string key) =>
        node.Child(key) is YamlSequenceNode seq ? seq.Children.Where(c => !IsNull(c)).ToList() : [];

    public static IReadOnlyList<string> Strings(this YamlNode? node, string key) =>
        node.Child(key) switch
        {
            YamlSequenceNode seq => seq.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? "").ToList(),
            YamlScalarNode s when s.Value is { } v => [v],
            _ => [],
        };

    public static IReadOnlyDictionary<string, string> StringMap(this YamlNode? node, string key)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (node.Child(key) is YamlMappingNode map)
            foreach (var (k, v) in map.Children)
                if (k is YamlScalarNode ks && v is YamlScalarNode vs) result[ks.Value ?? ""] = vs.Value ?? "";
        return result;
    }

    /// <summary>
    /// The node as plain data (Dictionary in source key order, List, string, long, double, bool, null), typed the way
    /// kubectl and the Kyverno CLI read manifests (<see cref="YamlScalars"/>); quoted scalars stay strings.
    /// </summary>
    public static object? ToPlain(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode map:
                var result = new Dictionary<string, object?>();
                foreach (var (key, value) in map.Children)
                    if (key is YamlScalarNode k) result[k.Value ?? ""] = ToPlain(value);
                return result;
            case YamlSequenceNode seq:
                return seq.Children.Select(ToPlain).ToList();
            case YamlScalarNode scalar:
                return scalar.Style == ScalarStyle.Plain ? YamlScalars.ResolvePlain(scalar.Value ?? "") : scalar.Value ?? "";
            default:
                return null;
        }
    }

    /// <summary>True when a string written as a plain scalar would read back as something else than that string.</summary>
    public static bool NeedsQuotes(string text) => YamlScalars.ResolvePlain(text) is not string;
}

internal static class YamlNodeText
{
    /// <summary>A scalar node's text, or null for anything else.</summary>
    public static string? AsText(this YamlNode? node) => node is YamlScalarNode s ? s.Value : null;
}
