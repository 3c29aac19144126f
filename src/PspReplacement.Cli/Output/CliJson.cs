using System.Text.Encodings.Web;
using System.Text.Json;

namespace PspReplacement.Cli.Output;

/// <summary>
/// How every command's `-o json` is written: indented, with characters such as '&lt;' and non-ASCII kept as they are
/// (the output is read by programs and people, never embedded in HTML), one document ending in a newline.
/// </summary>
public static class CliJson
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Serialize(object value) => JsonSerializer.Serialize(value, Options) + "\n";
}
