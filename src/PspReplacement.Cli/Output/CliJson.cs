using System.Text.Encodings.Web;
using System.Text.Json;

namespace PspReplacement.Cli.Output;

/// <summary>
/// How every command's `-o json` is written: indented, with characters such as '&lt;' and non-ASCII kept as they are
/// (the output is read by programs and people, never embedded in HTML), one document ending in a newline. `-o yaml`
/// is the same document as block YAML, written as render writes charts.
/// </summary>
public static class CliJson
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Serialize(object value) => JsonSerializer.Serialize(value, Options) + "\n";

    /// <summary>The document in the format -o names: json or yaml.</summary>
    public static string Serialize(object value, string format) => format switch
    {
        "json" => Serialize(value),
        "yaml" => Rendering.YamlWriter.Write(System.Text.Json.Nodes.JsonNode.Parse(JsonSerializer.Serialize(value, Options)), 0) + "\n",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "json or yaml"),
    };
}
