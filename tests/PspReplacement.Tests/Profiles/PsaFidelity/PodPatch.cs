using System.Text;

namespace PspReplacement.Tests.Profiles.PsaFidelity;

/// <summary>
/// The mutations a fixture applies to PSA's minimal valid pod, like the pass/fail generators of PSA's test/fixtures_*.go:
/// a path (dotted field names, [n] list indexes, ["key"] for keys holding dots or slashes) and the value to put there.
/// Missing maps on the way are created; index n may equal a list's length to append. A null value removes the field,
/// as the apiserver's decoding drops JSON nulls before admission sees the pod.
/// </summary>
public static class PodPatch
{
    private abstract record Segment;
    private sealed record Field(string Name) : Segment { public override string ToString() => Name; }
    private sealed record Index(int Position) : Segment { public override string ToString() => $"[{Position}]"; }

    public static void Set(Dictionary<string, object?> root, string path, object? value)
    {
        var segments = Parse(path);
        object current = root;
        for (var i = 0; i < segments.Count; i++)
        {
            var last = i == segments.Count - 1;
            var next = last ? null : segments[i + 1];
            switch (current, segments[i])
            {
                case (Dictionary<string, object?> map, Field f):
                    if (last)
                    {
                        if (value is null) map.Remove(f.Name);
                        else map[f.Name] = Clone(value);
                        return;
                    }
                    if (!map.TryGetValue(f.Name, out var child) || child is null)
                    {
                        if (value is null) return; // removing under a field that is not there: nothing to do
                        child = next is Index ? new List<object?>() : new Dictionary<string, object?>(StringComparer.Ordinal);
                        map[f.Name] = child;
                    }
                    current = child;
                    break;
                case (List<object?> list, Index ix):
                    if (ix.Position > list.Count) throw new ArgumentException($"set path '{path}': index {ix.Position} is past the end of a list of {list.Count}");
                    if (last)
                    {
                        if (value is null) throw new ArgumentException($"set path '{path}': null removes fields, not list items");
                        if (ix.Position == list.Count) list.Add(Clone(value));
                        else list[ix.Position] = Clone(value);
                        return;
                    }
                    if (ix.Position == list.Count) list.Add(next is Index ? new List<object?>() : new Dictionary<string, object?>(StringComparer.Ordinal));
                    current = list[ix.Position] ?? throw new ArgumentException($"set path '{path}': item {ix.Position} is null");
                    break;
                default:
                    throw new ArgumentException($"set path '{path}': '{segments[i]}' does not fit a {Describe(current)} there");
            }
        }
    }

    /// <summary>A deep copy of plain YAML data, so one fixture value can be set into many pods.</summary>
    public static object? Clone(object? value) => value switch
    {
        Dictionary<string, object?> map => map.ToDictionary(e => e.Key, e => Clone(e.Value), StringComparer.Ordinal),
        List<object?> list => list.Select(Clone).ToList(),
        _ => value,
    };

    private static string Describe(object node) => node switch
    {
        Dictionary<string, object?> => "map",
        List<object?> => "list",
        _ => $"scalar ({node})",
    };

    private static List<Segment> Parse(string path)
    {
        var segments = new List<Segment>();
        var i = 0;
        while (i < path.Length)
        {
            if (path[i] == '[')
            {
                var close = path.IndexOf(']', i);
                if (close < 0) throw new ArgumentException($"set path '{path}': '[' at {i + 1} is not closed");
                var inner = path[(i + 1)..close];
                if (inner.Length >= 2 && inner[0] == '"' && inner[^1] == '"') segments.Add(new Field(inner[1..^1]));
                else if (int.TryParse(inner, System.Globalization.NumberStyles.None, null, out var n)) segments.Add(new Index(n));
                else throw new ArgumentException($"set path '{path}': '[{inner}]' is neither an index nor a quoted key");
                i = close + 1;
                if (i < path.Length && path[i] == '.') i++;
                continue;
            }
            var name = new StringBuilder();
            while (i < path.Length && path[i] is not ('.' or '[')) name.Append(path[i++]);
            if (name.Length == 0) throw new ArgumentException($"set path '{path}': empty field name at {i + 1}");
            segments.Add(new Field(name.ToString()));
            if (i < path.Length && path[i] == '.' && ++i == path.Length) throw new ArgumentException($"set path '{path}' ends with '.'");
        }
        if (segments.Count == 0) throw new ArgumentException("set path is empty");
        return segments;
    }
}
