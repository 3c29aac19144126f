using System.Globalization;
using System.Text.Json;
using PspReplacement.Cel.Runtime;

namespace PspReplacement.Cli.Cel;

/// <summary>
/// CEL values in the protobuf JSON form of cel.expr.Value, as conformance harnesses exchange them:
/// {"int64Value": "42"}, {"uint64Value": "7"}, {"doubleValue": 1.5} ("NaN", "Infinity", "-Infinity"),
/// {"stringValue": "a"}, {"bytesValue": "&lt;base64&gt;"}, {"boolValue": true}, {"nullValue": null},
/// {"listValue": {"values": [...]}}, {"mapValue": {"entries": [{"key": V, "value": V}]}}, {"typeValue": "int"};
/// durations and timestamps as {"objectValue": {"@type": ".../google.protobuf.Duration", "value": "1.5s"}}.
/// </summary>
public static class ProtoValueJson
{
    private const string TypeUrlPrefix = "type.googleapis.com/";

    /// <summary>Reads a value; also accepts cel.expr.ExprValue's {"value": V} wrapper. Throws FormatException naming the problem.</summary>
    public static object Read(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object) throw new FormatException($"a value must be a JSON object such as {{\"int64Value\": \"1\"}}, not {json.ValueKind}");
        var properties = json.EnumerateObject().ToList();
        if (properties.Count != 1) throw new FormatException($"a value must have exactly one field (int64Value, stringValue, ...); found {properties.Count}");
        var (name, v) = (properties[0].Name, properties[0].Value);
        return name switch
        {
            "value" => Read(v),
            "int64Value" => long.Parse(NumberText(v), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
            "uint64Value" => ulong.Parse(NumberText(v), NumberStyles.None, CultureInfo.InvariantCulture),
            "doubleValue" => ReadDouble(v),
            "stringValue" => v.GetString() ?? throw new FormatException("stringValue must be a string"),
            "bytesValue" => new CelBytes(Convert.FromBase64String(v.GetString() ?? throw new FormatException("bytesValue must be a base64 string"))),
            "boolValue" => CelValue.Bool(v.GetBoolean()),
            "nullValue" => CelNull.Value,
            "listValue" => v.TryGetProperty("values", out var values) ? values.EnumerateArray().Select(Read).ToArray() : Array.Empty<object>(),
            "mapValue" => ReadMap(v),
            "typeValue" => new CelType(v.GetString() ?? throw new FormatException("typeValue must be a string")),
            "objectValue" => ReadObject(v),
            _ => throw new FormatException($"unsupported value field '{name}'"),
        };
    }

    private static string NumberText(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => v.GetString()!,
        JsonValueKind.Number => v.GetRawText(),
        _ => throw new FormatException($"expected a number or a numeric string, found {v.ValueKind}"),
    };

    private static double ReadDouble(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Number => v.GetDouble(),
        JsonValueKind.String => v.GetString() switch
        {
            "NaN" => double.NaN,
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            var s => double.Parse(s!, NumberStyles.Float, CultureInfo.InvariantCulture),
        },
        _ => throw new FormatException($"doubleValue must be a number, found {v.ValueKind}"),
    };

    private static object ReadMap(JsonElement v)
    {
        var map = new Dictionary<object, object?>();
        if (v.TryGetProperty("entries", out var entries))
            foreach (var entry in entries.EnumerateArray())
            {
                var key = Read(entry.GetProperty("key"));
                if (!map.TryAdd(key, Read(entry.GetProperty("value")))) throw new FormatException($"duplicate map key {CelValue.Format(key)}");
            }
        return CelValue.FromPlain(map);
    }

    private static object ReadObject(JsonElement v)
    {
        var type = v.TryGetProperty("@type", out var t) ? t.GetString() : null;
        var text = v.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : null;
        return (type, text) switch
        {
            (TypeUrlPrefix + "google.protobuf.Duration", { } s) => ParseThrough($"duration({Quote(s)})"),
            (TypeUrlPrefix + "google.protobuf.Timestamp", { } s) => ParseThrough($"timestamp({Quote(s)})"),
            _ => throw new FormatException($"unsupported objectValue of type '{type}'; only google.protobuf.Duration and Timestamp are known"),
        };
    }

    private static string Quote(string s) => JsonSerializer.Serialize(s);

    // Durations and timestamps in JSON are the strings CEL's own conversions accept, so they are read by evaluating one.
    private static object ParseThrough(string expression)
    {
        var value = PspReplacement.Cel.CelEnvironment.ForKubernetes(PspReplacement.Cel.KubernetesVersion.Latest).Compile(expression)
            .Evaluate(PspReplacement.Cel.MapActivation.Empty);
        return value is CelError e ? throw new FormatException(e.Message) : value;
    }

    /// <summary>Writes a value; throws FormatException for values cel.expr.Value cannot hold (optionals, library types).</summary>
    public static void Write(Utf8JsonWriter w, object value)
    {
        w.WriteStartObject();
        switch (value)
        {
            case long l: w.WriteString("int64Value", l.ToString(CultureInfo.InvariantCulture)); break;
            case ulong u: w.WriteString("uint64Value", u.ToString(CultureInfo.InvariantCulture)); break;
            case double d:
                if (double.IsNaN(d)) w.WriteString("doubleValue", "NaN");
                else if (double.IsPositiveInfinity(d)) w.WriteString("doubleValue", "Infinity");
                else if (double.IsNegativeInfinity(d)) w.WriteString("doubleValue", "-Infinity");
                else w.WriteNumber("doubleValue", d);
                break;
            case string s: w.WriteString("stringValue", s); break;
            case CelBytes b: w.WriteBase64String("bytesValue", b.Data.Span); break;
            case bool b: w.WriteBoolean("boolValue", b); break;
            case CelNull: w.WriteNull("nullValue"); break;
            case CelType t: w.WriteString("typeValue", t.Name); break;
            case CelDuration d:
                WriteObject(w, "google.protobuf.Duration", TimeValues.FormatDuration(d));
                break;
            case CelTimestamp t:
                WriteObject(w, "google.protobuf.Timestamp", TimeValues.FormatTimestamp(t));
                break;
            case ICelMap m:
                w.WriteStartObject("mapValue");
                w.WriteStartArray("entries");
                foreach (var (k, v) in m)
                {
                    w.WriteStartObject();
                    w.WritePropertyName("key");
                    Write(w, k);
                    w.WritePropertyName("value");
                    Write(w, v);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
                break;
            case IReadOnlyList<object> list:
                w.WriteStartObject("listValue");
                w.WriteStartArray("values");
                foreach (var item in list) Write(w, item);
                w.WriteEndArray();
                w.WriteEndObject();
                break;
            default:
                throw new FormatException($"a value of type {CelValue.TypeOf(value).Name} has no cel.expr.Value form: {CelValue.Format(value)}");
        }
        w.WriteEndObject();
    }

    private static void WriteObject(Utf8JsonWriter w, string type, string text)
    {
        w.WriteStartObject("objectValue");
        w.WriteString("@type", TypeUrlPrefix + type);
        w.WriteString("value", text);
        w.WriteEndObject();
    }
}
