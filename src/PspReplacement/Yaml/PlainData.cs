namespace PspReplacement.Yaml;

/// <summary>Source nodes as plain data (what <see cref="SourceNode.ToPlain"/> returns); each use of a shared node is copied.</summary>
internal static class PlainData
{
    public static object? Of(SourceNode node) => node switch
    {
        SourceScalar scalar => scalar.Value,
        SourceList list => List(list),
        SourceMap map => Map(map),
        _ => throw new ArgumentOutOfRangeException(nameof(node)),
    };

    private static List<object?> List(SourceList list)
    {
        var items = new List<object?>(list.Items.Count);
        foreach (var item in list.Items) items.Add(Of(item));
        return items;
    }

    private static Dictionary<string, object?> Map(SourceMap map)
    {
        var result = new Dictionary<string, object?>(map.Entries.Count, StringComparer.Ordinal);
        foreach (var entry in map.Entries) result[entry.Name] = Of(entry.Value);
        return result;
    }
}
