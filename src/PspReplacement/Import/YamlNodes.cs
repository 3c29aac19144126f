using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PspReplacement.Import;

/// <summary>
/// Read access to parsed Kyverno YAML that keeps the file:line:column of every node, so a problem in an input file
/// can be reported where it is.
/// </summary>
internal static partial class YamlNodes
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

    public static IEnumerable<string> Keys(this YamlNode? node) =>
        node is YamlMappingNode map ? map.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? "") : [];

    public static IReadOnlyDictionary<string, string> StringMap(this YamlNode? node, string key)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (node.Child(key) is YamlMappingNode map)
            foreach (var (k, v) in map.Children)
                if (k is YamlScalarNode ks && v is YamlScalarNode vs) result[ks.Value ?? ""] = vs.Value ?? "";
        return result;
    }

    /// <summary>
    /// The node as plain data (Dictionary in source key order, List, string, long, double, bool, null), typed like the
    /// YAML 1.2 core schema the Kubernetes API server applies to plain scalars; quoted scalars stay strings.
    /// </summary>
    public static object? ToPlain(YamlNode node) => node switch
    {
        YamlMappingNode map => map.Children
            .Where(kv => kv.Key is YamlScalarNode)
            .Aggregate(new Dictionary<string, object?>(), (d, kv) => { d[((YamlScalarNode)kv.Key).Value ?? ""] = ToPlain(kv.Value); return d; }),
        YamlSequenceNode seq => seq.Children.Select(ToPlain).ToList(),
        YamlScalarNode scalar => scalar.Style == ScalarStyle.Plain ? ResolvePlainScalar(scalar.Value ?? "") : scalar.Value ?? "",
        _ => null,
    };

    public static object? ResolvePlainScalar(string text)
    {
        if (text is "" or "~" or "null" or "Null" or "NULL") return null;
        if (text is "true" or "True" or "TRUE") return true;
        if (text is "false" or "False" or "FALSE") return false;
        if (IntPattern().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return l;
        if (HexPattern().IsMatch(text)) return Convert.ToInt64(text[2..], 16);
        if (FloatPattern().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
        return text;
    }

    /// <summary>True when a string written as a plain scalar would read back as something else than that string.</summary>
    public static bool NeedsQuotes(string text) => ResolvePlainScalar(text) is not string || text is ".inf" or "-.inf" or ".nan" or "yes" or "no" or "on" or "off" or "y" or "n";

    [GeneratedRegex(@"^[-+]?[0-9]+$")] private static partial Regex IntPattern();
    [GeneratedRegex(@"^0x[0-9a-fA-F]+$")] private static partial Regex HexPattern();
    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")] private static partial Regex FloatPattern();
}

internal static class YamlNodeText
{
    /// <summary>A scalar node's text, or null for anything else.</summary>
    public static string? AsText(this YamlNode? node) => node is YamlScalarNode s ? s.Value : null;
}
