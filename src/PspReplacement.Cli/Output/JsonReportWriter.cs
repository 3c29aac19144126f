using System.Text.Json;
using PspReplacement.Admission;

namespace PspReplacement.Cli.Output;

/// <summary>
/// {"results": [{"source", "document", "apiVersion", "kind", "namespace", "name", "matched", "allowed", "invalid",
/// "violations": [{"policy", "binding", "actions", "message"}], "warnings", "auditAnnotations"}]}, streamed.
/// "invalid" is the apiserver's error for an object it refuses before admission (null otherwise; allowed is false then),
/// with "invalidAt", the file:line:column of the field it is about.
/// </summary>
public sealed class JsonReportWriter : ICheckReportWriter
{
    private readonly TextWriter _output;
    private readonly MemoryStream _buffer = new();
    private readonly Utf8JsonWriter _json;

    public JsonReportWriter(TextWriter output)
    {
        _output = output;
        _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Indented = true, NewLine = "\n", Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        _json.WriteStartObject();
        _json.WriteStartArray("results");
    }

    public void Write(CheckedObject result)
    {
        var o = result.Object;
        var v = result.Verdict;
        _json.WriteStartObject();
        _json.WriteString("source", o.Location.Source);
        _json.WriteNumber("document", o.Location.Document);
        _json.WriteString("apiVersion", o.ApiVersion);
        _json.WriteString("kind", o.Kind);
        _json.WriteString("namespace", result.Namespace);
        _json.WriteString("name", o.Name);
        _json.WriteBoolean("matched", v.Matched);
        _json.WriteBoolean("allowed", result.Status is CheckStatus.Admitted or CheckStatus.NotMatched);
        if (result.Invalid is null) _json.WriteNull("invalid");
        else
        {
            _json.WriteString("invalid", result.Invalid);
            _json.WriteString("invalidAt", result.InvalidWhere);
        }
        _json.WriteStartArray("violations");
        foreach (var violation in v.Violations)
        {
            _json.WriteStartObject();
            _json.WriteString("policy", violation.Policy);
            _json.WriteString("binding", violation.Binding);
            _json.WriteStartArray("actions");
            foreach (var action in violation.Actions) _json.WriteStringValue(action);
            _json.WriteEndArray();
            _json.WriteString("message", violation.Message);
            if (violation.Relaxes is { } relaxes)
            {
                _json.WriteString("relaxes", relaxes.Rule);
                _json.WriteString("addBack", relaxes.AddBack);
            }
            _json.WriteEndObject();
        }
        _json.WriteEndArray();
        _json.WriteStartArray("warnings");
        foreach (var warning in result.AllWarnings.Concat(v.Warnings)) _json.WriteStringValue(warning);
        _json.WriteEndArray();
        _json.WriteStartObject("auditAnnotations");
        foreach (var (key, value) in v.AuditAnnotations.OrderBy(a => a.Key, StringComparer.Ordinal)) _json.WriteString(key, value);
        _json.WriteEndObject();
        _json.WriteEndObject();
        Drain();
    }

    public void Complete(CheckSummary summary)
    {
        _json.WriteEndArray();
        _json.WriteEndObject();
        Drain();
        _output.Write('\n');
        _output.Flush();
    }

    private void Drain()
    {
        _json.Flush();
        _output.Write(System.Text.Encoding.UTF8.GetString(_buffer.GetBuffer(), 0, (int)_buffer.Length));
        _buffer.SetLength(0);
    }
}
