using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PspReplacement.Config;

/// <summary>Converts source trees to JSON (for JSON Schema and the Kubernetes model) and finds the node behind a JSON pointer.</summary>
public static partial class SourceJson
{
    public static JsonNode? ToJson(SourceNode node) => node switch
    {
        SourceMap map => new JsonObject(map.Entries.Select(e => KeyValuePair.Create(e.Key.Text, ToJson(e.Value)))),
        SourceList list => new JsonArray(list.Items.Select(ToJson).ToArray()),
        SourceScalar scalar => ScalarToJson(scalar),
        _ => throw new ArgumentOutOfRangeException(nameof(node)),
    };

    /// <summary>YAML 1.2 core schema: plain true/false, null, integers and floats are typed; anything else is a string.</summary>
    public static JsonNode? ScalarToJson(SourceScalar scalar)
    {
        if (scalar.Quoted) return JsonValue.Create(scalar.Text);
        if (scalar.IsNull) return null;
        var text = scalar.Text;
        if (text is "true" or "True" or "TRUE") return JsonValue.Create(true);
        if (text is "false" or "False" or "FALSE") return JsonValue.Create(false);
        if (IntegerPattern().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
            return JsonValue.Create(l);
        if (FloatPattern().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
            return JsonValue.Create(d);
        return JsonValue.Create(text);
    }

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

    [GeneratedRegex(@"^[-+]?[0-9]+\z")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\z")]
    private static partial Regex FloatPattern();
}
