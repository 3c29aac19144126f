using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PspReplacement.Rendering;

/// <summary>
/// Writes JSON-shaped data as plain, reviewable, deterministic block YAML. Keys follow the order a Kubernetes reader
/// expects (name before expression, policyName before selectors). Strings are plain when unambiguous, literal blocks
/// when multi-line, otherwise double-quoted; "{{" is always written escaped (\u007b) so Helm never sees template syntax.
/// </summary>
public static partial class YamlWriter
{
    private static readonly string[] KeyOrder =
    [
        "apiVersion", "kind", "metadata", "spec", "name", "namespace", "key", "operator", "values", "policyName", "paramRef",
        "validationActions", "failurePolicy", "matchConstraints", "matchConditions", "variables", "validations", "auditAnnotations",
        "expression", "message", "messageExpression", "reason", "valueExpression", "labels", "annotations",
    ];

    /// <summary>The node's lines, each indented by indent spaces, without a final newline (a map or list at top level).</summary>
    public static string Write(JsonNode? node, int indent)
    {
        var sb = new StringBuilder();
        WriteBlock(sb, node, indent);
        return sb.ToString().TrimEnd('\n');
    }

    /// <summary>A scalar as it appears after "key: " (possibly a block scalar continuing at indent+2).</summary>
    public static string Scalar(string text, int indent)
    {
        if (IsPlainSafe(text)) return text;
        if (CanBeLiteralBlock(text))
        {
            var pad = new string(' ', indent + 2);
            return "|-\n" + string.Join("\n", text.Split('\n').Select(l => l.Length == 0 ? "" : pad + l));
        }
        if (CanBeFolded(text)) return Folded(text, indent + 2);
        return Quote(text);
    }

    /// <summary>Long one-line expressions as a folded block (">-"), broken at single spaces, so a reviewer can read them.</summary>
    private static string Folded(string text, int indent)
    {
        var pad = new string(' ', indent);
        var lines = new List<string>();
        var start = 0;
        while (text.Length - start > FoldWidth)
        {
            // The last single space (one that folding restores exactly) before the width, else the first after it.
            var cut = -1;
            for (var i = start + 1; i < text.Length - 1; i++)
            {
                if (text[i] == ' ' && text[i - 1] != ' ' && text[i + 1] != ' ')
                {
                    if (i - start <= FoldWidth || cut < 0) cut = i;
                    if (i - start > FoldWidth) break;
                }
            }
            if (cut < 0) break;
            lines.Add(text[start..cut]);
            start = cut + 1;
        }
        lines.Add(text[start..]);
        return ">-\n" + string.Join("\n", lines.Select(l => pad + l));
    }

    private const int FoldWidth = 100;

    private static bool CanBeFolded(string text) =>
        text.Length > FoldWidth && !text.Contains('\n') && !text.Contains("{{", StringComparison.Ordinal)
        && !char.IsWhiteSpace(text[0]) && !char.IsWhiteSpace(text[^1]) && !text.Any(c => char.IsControl(c) || c == '\u00a0' || c == '\u2028' || c == '\u2029' || c == '\ufeff');

    public static string Quote(string text)
    {
        var sb = new StringBuilder("\"");
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\t': sb.Append("\\t"); break;
                case '\r': sb.Append("\\r"); break;
                case '{' when i + 1 < text.Length && text[i + 1] == '{': sb.Append("\\u007b"); break;
                case '{' when i > 0 && text[i - 1] == '{': sb.Append("\\u007b"); break;
                default:
                    if (char.IsControl(c) || c is '\u2028' or '\u2029' or '\ufeff') sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    private static void WriteBlock(StringBuilder sb, JsonNode? node, int indent)
    {
        var pad = new string(' ', indent);
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in Ordered(obj))
                {
                    sb.Append(pad).Append(Key(key)).Append(':');
                    WriteValueAfterKey(sb, value, indent);
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    sb.Append(pad).Append('-');
                    if (item is JsonObject { Count: > 0 } o)
                    {
                        // "- key: value" with the rest of the map aligned under the first key.
                        var inner = new StringBuilder();
                        WriteBlock(inner, o, indent + 2);
                        sb.Append(' ').Append(inner.ToString()[(indent + 2)..]);
                    }
                    else WriteValueAfterKey(sb, item, indent);
                }
                break;
            default:
                sb.Append(pad).Append(ScalarText(node, indent - 2)).Append('\n');
                break;
        }
    }

    private static void WriteValueAfterKey(StringBuilder sb, JsonNode? value, int indent)
    {
        switch (value)
        {
            case JsonObject { Count: 0 }: sb.Append(" {}\n"); break;
            case JsonArray { Count: 0 }: sb.Append(" []\n"); break;
            case JsonObject o: sb.Append('\n'); WriteBlock(sb, o, indent + 2); break;
            case JsonArray a: sb.Append('\n'); WriteBlock(sb, a, indent + 2); break;
            default: sb.Append(' ').Append(ScalarText(value, indent)).Append('\n'); break;
        }
    }

    private static string ScalarText(JsonNode? value, int indent)
    {
        if (value is null) return "null";
        var element = value.GetValue<JsonElement>();
        return element.ValueKind switch
        {
            JsonValueKind.String => Scalar(element.GetString()!, indent),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Number => element.GetRawText(),
            _ => "null",
        };
    }

    private static IEnumerable<KeyValuePair<string, JsonNode?>> Ordered(JsonObject obj) =>
        obj.Select((kv, i) => (kv, i))
            .OrderBy(x => Array.IndexOf(KeyOrder, x.kv.Key) is var r && r >= 0 ? r : KeyOrder.Length)
            .ThenBy(x => Array.IndexOf(KeyOrder, x.kv.Key) >= 0 ? 0 : x.i)
            .Select(x => x.kv);

    private static string Key(string key) => IsPlainSafe(key) ? key : Quote(key);

    /// <summary>Plain only when no YAML reader could take it for anything but this string.</summary>
    private static bool IsPlainSafe(string text) =>
        PlainPattern().IsMatch(text) && !ReservedPattern().IsMatch(text) && !NumberLike().IsMatch(text);

    private static bool CanBeLiteralBlock(string text) =>
        text.Contains('\n') && !text.Contains("{{", StringComparison.Ordinal) && !text.EndsWith('\n')
        && !text.StartsWith(' ') && !text.StartsWith('\n') && !text.Any(c => c != '\n' && char.IsControl(c))
        && text.Split('\n').All(l => l.Length == 0 || !char.IsWhiteSpace(l[^1]));

    // Letters, digits and a few punctuation marks that mean nothing to YAML in the middle of a plain scalar.
    [GeneratedRegex(@"^[A-Za-z0-9_/][A-Za-z0-9_./=+-]*( [A-Za-z0-9_./=+()-]+)*\z")]
    private static partial Regex PlainPattern();

    [GeneratedRegex(@"^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~)\z")]
    private static partial Regex ReservedPattern();

    [GeneratedRegex(@"^[-+]?(\.?[0-9]|0x|0o|\.inf|\.nan)|^[0-9][0-9_:.eE+-]*$|^\.")]
    private static partial Regex NumberLike();
}
