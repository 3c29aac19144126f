using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using PspReplacement.Cel;
using PspReplacement.Cel.Runtime;

namespace PspReplacement.Cli.Cel;

/// <summary>
/// The line protocol of 'pspr cel conformance': each input line {"expr": "...", "bindings": {"name": VALUE}} gets one
/// output line, in order, {"value": VALUE} or {"error": "message"}; a bad line gets an error line and the loop goes on.
/// Expressions compile in the newest Kubernetes environment with the bound names as variables.
/// </summary>
public static class ConformanceLoop
{
    // Messages keep their quotes and carets readable ('<EOF>', not \u0027\u003CEOF\u003E\u0027); the output is never HTML.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <param name="kubernetes">Evaluate as this Kubernetes version's apiserver would; null: cel-spec's environment.</param>
    public static void Run(TextReader input, Stream output, KubernetesVersion? kubernetes = null)
    {
        // One environment for the whole stream (building one costs more than most evaluations); it declares no variable
        // list, so every binding a line names is visible to that line.
        var environment = kubernetes is { } version ? CelEnvironment.ForKubernetes(version) : CelEnvironment.Conformance();
        using var writer = new Utf8JsonWriter(output, Options);
        var lineNumber = 0;
        while (input.ReadLine() is { } line)
        {
            lineNumber++;
            writer.Reset(output);
            Answer(writer, line, lineNumber, environment);
            writer.Flush();
            output.WriteByte((byte)'\n');
            output.Flush();
        }
    }

    private static void Answer(Utf8JsonWriter writer, string line, int lineNumber, CelEnvironment environment)
    {
        object result;
        try
        {
            result = Evaluate(line, environment);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException or OverflowException)
        {
            WriteError(writer, $"line {lineNumber}: invalid request: {e.Message}");
            return;
        }
        catch (CelCompileException e)
        {
            WriteError(writer, e.Message);
            return;
        }
        if (result is CelError error)
        {
            WriteError(writer, error.Message);
            return;
        }
        // Write into a buffer first, so a value with no cel.expr.Value form yields a clean error line, not half an object.
        var buffer = new MemoryStream();
        try
        {
            using (var inner = new Utf8JsonWriter(buffer, Options))
            {
                inner.WriteStartObject();
                inner.WritePropertyName("value");
                ProtoValueJson.Write(inner, result);
                inner.WriteEndObject();
            }
            using var doc = JsonDocument.Parse(buffer.ToArray());
            doc.WriteTo(writer);
        }
        catch (FormatException e)
        {
            WriteError(writer, e.Message);
        }
    }

    private static object Evaluate(string line, CelEnvironment environment)
    {
        using var request = JsonDocument.Parse(line);
        var root = request.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new FormatException("each line must be a JSON object {\"expr\": ..., \"bindings\": {...}}");
        var expression = root.TryGetProperty("expr", out var e) && e.ValueKind == JsonValueKind.String
            ? e.GetString()!
            : throw new FormatException("\"expr\" (a string) is missing");
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        if (root.TryGetProperty("bindings", out var bindings) && bindings.ValueKind != JsonValueKind.Null)
            foreach (var binding in bindings.EnumerateObject())
                values[binding.Name] = ProtoValueJson.Read(binding.Value);
        var program = environment.Compile(expression);
        return program.Evaluate(new MapActivation(values));
    }

    private static void WriteError(Utf8JsonWriter writer, string message)
    {
        writer.WriteStartObject();
        writer.WriteString("error", message);
        writer.WriteEndObject();
    }

    /// <summary>Standard input as UTF-8 text, whatever the console's encoding.</summary>
    public static TextReader StandardInput() => new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false));
}
