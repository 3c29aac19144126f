using System.Globalization;
using System.Text.Json.Nodes;
using PspReplacement.Yaml;

namespace PspReplacement.Yaml;

/// <summary>Converts source trees to JSON (for JSON Schema and the Kubernetes model) and finds the node behind a JSON pointer.</summary>
public static class SourceJson
{
    public static JsonNode? ToJson(SourceNode node) => node switch
    {
        SourceMap map => new JsonObject(map.Entries.Select(e => KeyValuePair.Create(e.Name, ToJson(e.Value)))),
        SourceList list => new JsonArray(list.Items.Select(ToJson).ToArray()),
        SourceScalar scalar => ScalarToJson(scalar),
        _ => throw new ArgumentOutOfRangeException(nameof(node)),
    };

    /// <summary>The scalar's value (go-yaml v2's resolution, through JSON as kubectl does it: docs/yaml.md) as JSON.</summary>
    public static JsonNode? ScalarToJson(SourceScalar scalar) => scalar.Value switch
    {
        null => null,
        bool b => JsonValue.Create(b),
        long l => JsonValue.Create(l),
        double d => JsonValue.Create(d),
        var other => JsonValue.Create(Convert.ToString(other, CultureInfo.InvariantCulture)),
    };

    /// <summary>The node a JSON pointer (RFC 6901, as JsonSchema.Net reports instance locations) designates, or the deepest existing one.</summary>
    public static SourceNode Find(SourceNode root, string pointer)
    {
        var node = root;
        if (string.IsNullOrEmpty(pointer) || pointer == "#") return node;
        foreach (var raw in pointer.TrimStart('#').TrimStart('/').Split('/'))
        {
            var segment = raw.Replace("~1", "/").Replace("~0", "~");
            SourceNode? next = node switch
            {
                SourceMap map => map[segment],
                SourceList list when int.TryParse(segment, out var i) && i >= 0 && i < list.Items.Count => list.Items[i],
                _ => null,
            };
            if (next is null) return node;
            node = next;
        }
        return node;
    }

    /// <summary>Where the last segment of the pointer was written: its key when it names a map entry (an unknown field), else its value.</summary>
    public static SourceMark FindKey(SourceNode root, string pointer)
    {
        var cut = pointer.LastIndexOf('/');
        if (cut < 0) return Find(root, pointer).Mark;
        var parent = Find(root, pointer[..cut]);
        var key = pointer[(cut + 1)..].Replace("~1", "/").Replace("~0", "~");
        return parent is SourceMap map && map.Entry(key) is { } entry ? entry.Key.Mark : Find(root, pointer).Mark;
    }
}
