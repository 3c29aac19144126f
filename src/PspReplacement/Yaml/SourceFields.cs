using PspReplacement.Yaml;

namespace PspReplacement.Yaml;

/// <summary>Reads typed fields out of a source map, collecting every problem (what, where, what to do) instead of stopping at the first.</summary>
public sealed class SourceFields(List<string> problems)
{
    public List<string> Problems { get; } = problems;

    public void Problem(SourceMark mark, string message) => Problems.Add($"{mark}: {message}");

    public SourceMap? Map(SourceNode? node, string what)
    {
        if (node is SourceMap map) return map;
        if (node is not null) Problem(node.Mark, $"{what} must be a map of 'key: value' lines");
        return null;
    }

    public string? String(SourceMap map, string key, bool required, string hint)
    {
        var node = map[key];
        if (node is null || node is SourceScalar { IsNull: true })
        {
            if (required) Problem(map.Mark, $"missing '{key}'; {hint}");
            return null;
        }
        if (node is SourceScalar scalar) return scalar.Text;
        Problem(node.Mark, $"'{key}' must be a single value, not a list or map; {hint}");
        return null;
    }

    public IReadOnlyList<SourceScalar> StringList(SourceMap map, string key, string hint)
    {
        var node = map[key];
        if (node is null || node is SourceScalar { IsNull: true }) return [];
        if (node is not SourceList list)
        {
            Problem(node.Mark, $"'{key}' must be a list; {hint}");
            return [];
        }
        var result = new List<SourceScalar>();
        foreach (var item in list.Items)
        {
            if (item is SourceScalar s && !s.IsNull) result.Add(s);
            else Problem(item.Mark, $"each item of '{key}' must be a single value; {hint}");
        }
        return result;
    }

    public void OnlyKnownKeys(SourceMap map, string what, params string[] known)
    {
        foreach (var entry in map.Entries)
            if (!known.Contains(entry.Name))
                Problem(entry.Key.Mark, $"unknown key '{entry.Name}' in {what}; expected one of: {string.Join(", ", known)}");
    }
}
