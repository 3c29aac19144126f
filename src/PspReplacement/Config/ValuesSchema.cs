using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using PspReplacement.Cel.Parsing;
using PspReplacement.Yaml;

namespace PspReplacement.Config;

/// <summary>values/values.schema.json (JSON Schema 2020-12) applied to a merged values document; errors point at the file that wrote the value.</summary>
public sealed class ValuesSchema
{
    public const string FileName = "values.schema.json";
    private readonly JsonSchema schema;
    private readonly string displayPath;

    private readonly JsonNode? schemaJson;

    private ValuesSchema(JsonSchema schema, string displayPath, JsonNode? schemaJson) => (this.schema, this.displayPath, this.schemaJson) = (schema, displayPath, schemaJson);

    /// <summary>The allowed values of a failing enum, read from the schema at the failing keyword's location.</summary>
    private string? EnumValues(EvaluationResults node)
    {
        var fragment = Uri.UnescapeDataString(node.SchemaLocation.Fragment.TrimStart('#'));
        var target = schemaJson;
        foreach (var segment in fragment.Split('/', StringSplitOptions.RemoveEmptyEntries))
            target = target is JsonObject o ? o[segment.Replace("~1", "/").Replace("~0", "~")] : null;
        return (target as JsonObject)?["enum"] is JsonArray values ? string.Join(", ", values.Select(v => v?.ToString())) : null;
    }

    public static ValuesSchema Load(string valuesDirectory)
    {
        var path = Path.Combine(valuesDirectory, FileName);
        var display = DisplayPath.Of(path);
        if (!File.Exists(path)) throw new InvalidInputException($"{display}: the values schema is missing; restore it from git");
        try
        {
            // A private registry: the schema's $id would clash in the global one when loaded twice.
            var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
            var text = File.ReadAllText(path);
            var json = JsonNode.Parse(text);
            return new ValuesSchema(JsonSchema.FromText(WithEcmaAnchors(json)?.ToJsonString() ?? "null", options), display, JsonNode.Parse(text));
        }
        catch (Exception e) when (e is JsonException or JsonSchemaException or ArgumentException or InvalidOperationException)
        {
            throw new InvalidInputException($"{display}: not a valid JSON Schema ({e.Message}); fix or restore it from git");
        }
    }

    /// <summary>
    /// JSON Schema patterns are ECMA-262 regular expressions, where <c>$</c> matches only at the end of the text; .NET's
    /// <c>$</c> also matches before a final newline, so <c>^[a-z]+$</c> would accept "kube-system\n". The schema's
    /// patterns are given .NET's <c>\z</c> for every <c>$</c> outside a character class, which is ECMA's meaning.
    /// </summary>
    private static JsonNode? WithEcmaAnchors(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o.ToList())
                {
                    if (key == "pattern" && value is JsonValue v && v.TryGetValue<string>(out var pattern)) o[key] = EcmaAnchors(pattern);
                    else if (key == "patternProperties" && value is JsonObject props)
                        o[key] = new JsonObject(props.ToList().Select(p => KeyValuePair.Create(EcmaAnchors(p.Key), WithEcmaAnchors(p.Value?.DeepClone()))));
                    else WithEcmaAnchors(value);
                }
                break;
            case JsonArray a:
                foreach (var item in a) WithEcmaAnchors(item);
                break;
        }
        return node;
    }

    internal static string EcmaAnchors(string pattern)
    {
        var text = new System.Text.StringBuilder(pattern.Length + 4);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length) { text.Append(c).Append(pattern[++i]); continue; }
            if (c == '[') inClass = true;
            else if (c == ']') inClass = false;
            if (c == '$' && !inClass) text.Append("\\z");
            else text.Append(c);
        }
        return text.ToString();
    }

    /// <summary>Every schema error of the document, one line each: file:line:column: /pointer: what; what to do.</summary>
    public IReadOnlyList<string> Validate(SourceNode document)
    {
        if (TooDeep(document, 0) is { } deep)
            return [$"{deep.Mark}: values nest deeper than {MaxDepth} levels here; no setting of {FileName} is that deep, so this is a mistake (an unclosed bracket, an alias loop written out)"];
        var json = SourceJson.ToJson(document);
        // As deep as the YAML reader lets a document nest (System.Text.Json's default of 64 would throw).
        using var parsed = JsonDocument.Parse(json?.ToJsonString() ?? "null", new JsonDocumentOptions { MaxDepth = YamlRules.MaxDepth + 1 });
        var results = schema.Evaluate(parsed.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
        if (results.IsValid) return [];
        var problems = new List<string>();
        Collect(results, document, problems);
        // The same value can fail through several paths ($ref, allOf); one line per distinct problem.
        return problems.Distinct().ToList();
    }

    /// <summary>
    /// How deep a values document may nest. The deepest setting is about six levels; the schema library formats a
    /// failing value with System.Text.Json, which refuses more than 64, so a limit well below that keeps errors errors.
    /// </summary>
    public const int MaxDepth = 32;

    private static SourceNode? TooDeep(SourceNode node, int depth) => depth > MaxDepth ? node : node switch
    {
        SourceMap map => map.Entries.Select(e => TooDeep(e.Value, depth + 1)).FirstOrDefault(n => n is not null),
        SourceList list => list.Items.Select(i => TooDeep(i, depth + 1)).FirstOrDefault(n => n is not null),
        _ => null,
    };

    /// <summary>Errors of failing nodes only: a passing subschema (an item that did not match "contains", the inside of a failing "not") says nothing.</summary>
    private void Collect(EvaluationResults node, SourceNode document, List<string> problems)
    {
        if (node.IsValid) return;
        if (node.Errors is { Count: > 0 } errors)
        {
            var pointer = node.InstanceLocation.ToString();
            // An unknown or badly named key is reported at the key; a bad value at the value.
            var path = node.EvaluationPath.ToString();
            var at = path.EndsWith("/additionalProperties", StringComparison.Ordinal) || path.Contains("/propertyNames", StringComparison.Ordinal)
                ? SourceJson.FindKey(document, pointer) : SourceJson.Find(document, pointer).Mark;
            foreach (var (keyword, message) in errors.OrderBy(e => e.Key, StringComparer.Ordinal))
                problems.Add($"{at}: {(pointer.Length == 0 ? "/" : Escaped(pointer))}: {Explain(keyword, message, pointer, node)}{YamlBooleanHint(SourceJson.Find(document, pointer))}");
        }
        else if (!(node.Details ?? []).Any(d => !d.IsValid))
        {
            // JsonSchema.Net gives a failing "not" no message: the node fails while every child passes.
            var pointer = node.InstanceLocation.ToString();
            var keyword = (node.Details ?? []).Any(d => d.EvaluationPath.ToString().EndsWith("/not", StringComparison.Ordinal)) ? "not" : "schema";
            problems.Add($"{SourceJson.Find(document, pointer).Mark}: {(pointer.Length == 0 ? "/" : Escaped(pointer))}: {Explain(keyword, "the value is not allowed here", pointer, node)}");
        }
        foreach (var child in node.Details ?? []) Collect(child, document, problems);
    }

    // yes, no, on, off, y and n are booleans in YAML 1.1, as kubectl and Helm read them: a values file that means the
    // word must quote it.
    private static string YamlBooleanHint(SourceNode value) =>
        value is SourceScalar { Style: ScalarStyle.Plain, Value: bool b } scalar && scalar.Text is not ("true" or "True" or "TRUE" or "false" or "False" or "FALSE")
            ? $" (a plain {scalar.Text} is the boolean {(b ? "true" : "false")} in YAML, as kubectl and Helm read it; write \"{scalar.Text}\" for the word)"
            : "";

    /// <summary>A key or pointer in an error line: as written when printable, else Go-quoted (a newline shows as \n).</summary>
    private static string Printable(string text) => text.Any(char.IsControl) ? GoFormat.Quote(text) : $"'{text}'";

    /// <summary>A pointer in an error line: as written, control characters escaped (a newline shows as \n).</summary>
    private static string Escaped(string text) => text.Any(char.IsControl) ? GoFormat.Quote(text)[1..^1] : text;

    private string Explain(string keyword, string message, string pointer, EvaluationResults node)
    {
        var evaluationPath = node.EvaluationPath.ToString();
        var key = pointer[(pointer.LastIndexOf('/') + 1)..];
        if (evaluationPath.EndsWith("/additionalProperties", StringComparison.Ordinal) || keyword == "false")
            return $"unknown key {Printable(key)}; check the spelling against {displayPath}";
        if (evaluationPath.Contains("/propertyNames", StringComparison.Ordinal))
            return $"{GoFormat.Quote(key)} is not a valid name ({message}); use lower-case letters, digits and '-'";
        if (evaluationPath.Contains("validationActions", StringComparison.Ordinal) && keyword == "not")
            return "Deny and Warn cannot be combined (the apiserver refuses it); use [Deny, Audit] or [Warn, Audit]";
        if (keyword == "enum" && EnumValues(node) is { } values)
            return $"must be one of: {values}; see {displayPath}";
        return $"{message}; see {displayPath}";
    }
}
