using PspReplacement.Yaml;

namespace PspReplacement.Config;

/// <summary>Deep merge of values layers: maps merge key by key, lists and scalars replace (the later layer wins).</summary>
public static class ValuesMerger
{
    public static SourceNode Merge(SourceNode lower, SourceNode upper)
    {
        if (lower is not SourceMap low || upper is not SourceMap high) return upper;
        var entries = new List<SourceEntry>();
        foreach (var entry in low.Entries)
        {
            var over = high.Entry(entry.Name);
            entries.Add(over is null ? entry : over with { Value = Merge(entry.Value, over.Value) });
        }
        foreach (var entry in high.Entries)
            if (low.Entry(entry.Name) is null) entries.Add(entry);
        // The merged map is "written" where the upper layer wrote it: a missing required key is reported there.
        return new SourceMap(entries, high.Mark);
    }
}
