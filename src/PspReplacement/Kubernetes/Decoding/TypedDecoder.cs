using System.Globalization;
using System.Text;
using PspReplacement.Kubernetes.Values;

namespace PspReplacement.Kubernetes.Decoding;

/// <summary>What decoding a request body into its Go type produced.</summary>
/// <param name="Object">the typed object, or null when decoding failed</param>
/// <param name="Error">the decoding error the apiserver answers with (400 BadRequest), e.g. "json: cannot unmarshal string into Go struct field SecurityContext.spec.containers.securityContext.runAsUser of type int64"</param>
/// <param name="ErrorPath">where that error is, as a field path with list indexes (for the manifest's line)</param>
/// <param name="UnknownFields">fields the type does not have, as the strict decoder names them ("spec.containers[0].foo")</param>
public sealed record DecodeResult(Dictionary<string, object?>? Object, string? Error, string? ErrorPath, IReadOnlyList<string> UnknownFields);

/// <summary>
/// Decodes a JSON document (as plain data) into a Kubernetes API type the way the apiserver's JSON serializer does
/// (sigs.k8s.io/json: encoding/json with case-sensitive field names): unknown fields are dropped and listed; null
/// leaves a field unset; a value of the wrong JSON type is an error worded as encoding/json words it, naming the
/// innermost struct and the field path without list indexes; the first such error wins, as in encoding/json, which
/// goes on decoding after a type error and reports the first. The value types with their own JSON decoding
/// (Quantity, IntOrString, Time, Duration) report their own errors unwrapped, as their UnmarshalJSON does.
/// </summary>
public sealed class TypedDecoder(ApiTypes types)
{
    private string? _error;
    private string? _errorPath;
    private readonly List<string> _unknown = [];

    /// <param name="at">the field path of the document inside its object ("metadata" for a custom resource's metadata)</param>
    public static DecodeResult Decode(Dictionary<string, object?> document, ApiStruct type, ApiTypes types, string at = "")
    {
        var decoder = new TypedDecoder(types);
        var result = decoder.DecodeStruct(document, type, new Path(at, at));
        return decoder._error is null
            ? new DecodeResult(result, null, null, decoder._unknown)
            : new DecodeResult(null, decoder._error, decoder._errorPath, decoder._unknown);
    }

    /// <summary>Decodes one field's JSON value; Missing when it leaves the field unset (null, or an error).</summary>
    private object? DecodeValue(object? json, GoType type, Path path, string structName, string? named = null)
    {
        if (json is null && type.Kind is not GoKind.Quantity and not GoKind.RawJson) return Missing;
        switch (type.Kind)
        {
            case GoKind.Pointer:
                return DecodeValue(json, type.Element!, path, structName, named);
            case GoKind.String:
                if (json is string s) return s;
                return TypeError(json, type, path, structName, named);
            case GoKind.Bool:
                if (json is bool b) return b;
                return TypeError(json, type, path, structName, named);
            case GoKind.Int:
            case GoKind.Uint:
                if (!IsNumber(json)) return TypeError(json, type, path, structName, named);
                if (AsInteger(json, type, out var integer)) return integer;
                return TypeError(json, type, path, structName, named, numberText: NumberText(json));
            case GoKind.Float:
                if (json is long l) return (double)l;
                if (json is double d) return d;
                if (json is ulong ul) return (double)ul;
                return TypeError(json, type, path, structName, named);
            case GoKind.Bytes:
                if (json is not string text) return TypeError(json, type, path, structName, named);
                if (GoText.TryDecodeBase64(text, out var bytes, out var base64Error)) return bytes;
                return Fail(base64Error, path);
            case GoKind.Struct:
            {
                if (json is not Dictionary<string, object?> map) return TypeError(json, type, path, structName, named);
                var inner = types.Struct(type.StructName!) ?? throw new InvalidDataException($"{type.StructName} is not in the type table");
                return DecodeStruct(map, inner, path);
            }
            case GoKind.Slice:
            {
                if (json is not List<object?> list) return TypeError(json, type, path, structName, named);
                var items = new List<object?>(list.Count);
                for (var i = 0; i < list.Count; i++)
                {
                    var item = DecodeValue(list[i], type.Element!, path.Index(i), structName);
                    // null in a list decodes to the element's zero value, which the writer renders.
                    items.Add(ReferenceEquals(item, Missing) ? null : item);
                }
                return items;
            }
            case GoKind.Map:
            {
                if (json is not Dictionary<string, object?> entries) return TypeError(json, type, path, structName, named);
                var result = new Dictionary<string, object?>(entries.Count, StringComparer.Ordinal);
                foreach (var (key, value) in entries)
                {
                    var item = DecodeValue(value, type.Element!, path.Key(key), structName);
                    result[key] = ReferenceEquals(item, Missing) ? null : item;
                }
                return result;
            }
            case GoKind.Quantity:
            {
                if (json is null) return KubeQuantity.Zero;
                var literal = json switch { string str => str, long or double or ulong => NumberText(json), bool flag => flag ? "true" : "false", _ => "{" };
                if (KubeQuantity.TryParse(literal.Trim(), out var quantity, out var quantityError)) return quantity;
                return Fail(quantityError, path);
            }
            case GoKind.IntOrString:
                if (json is string str2) return IntOrStringValue.Of(str2);
                if (IsNumber(json) && AsInteger(json, GoType.Parse("int32"), out var value32)) return IntOrStringValue.Of(value32);
                return Fail($"json: cannot unmarshal {JsonKind(json, NumberText(json))} into Go value of type int32", path);
            case GoKind.Time:
            case GoKind.MicroTime:
                if (json is not string when) return Fail($"json: cannot unmarshal {JsonKind(json, null)} into Go value of type string", path);
                if (GoText.TryParseRfc3339(when, out var time, out var timeError)) return new TimeValue(time, type.Kind == GoKind.MicroTime);
                return Fail(timeError, path);
            case GoKind.Duration:
                if (json is not string duration) return Fail($"json: cannot unmarshal {JsonKind(json, null)} into Go value of type string", path);
                if (GoText.TryParseDuration(duration, out var nanoseconds, out var durationError)) return new DurationValue(nanoseconds);
                return Fail(durationError, path);
            case GoKind.RawJson:
                return new RawJsonValue(json);
            default:
                throw new InvalidOperationException($"unhandled Go kind {type.Kind}");
        }
    }

    private Dictionary<string, object?> DecodeStruct(Dictionary<string, object?> json, ApiStruct type, Path path)
    {
        // Room for what defaulting and the conversion to unstructured add, so that they do not resize every struct.
        var result = new Dictionary<string, object?>(json.Count + 6, StringComparer.Ordinal);
        var structName = GoType.BareStructName(type.Name);
        foreach (var (key, value) in json)
        {
            var field = type.Field(key);
            if (field is null)
            {
                _unknown.Add(path.Field(key).Strict);
                continue;
            }
            var decoded = DecodeValue(value, field.Type, path.Field(key), structName, field.Named);
            if (!ReferenceEquals(decoded, Missing)) result[key] = decoded;
        }
        return result;
    }

    private object? TypeError(object? json, GoType type, Path path, string structName, string? named, string? numberText = null)
    {
        var fieldPath = path.Go;
        var where = fieldPath.Length == 0 ? "Go value" : $"Go struct field {structName}.{fieldPath}";
        var typeName = named is null ? type.GoName : GoType.ShortStructName(named);
        return Fail($"json: cannot unmarshal {JsonKind(json, numberText)} into {where} of type {typeName}", path);
    }

    private object? Fail(string message, Path path)
    {
        if (_error is null) { _error = message; _errorPath = path.Strict; }
        return Missing;
    }

    private static bool IsNumber(object? json) => json is long or double or ulong;

    // encoding/json decodes a number into an integer field when its literal is an integer in range; kubectl and Helm
    // send a YAML float with no fraction (1.0, 1e3) as an integer literal, so those are integers too.
    private static bool AsInteger(object? json, GoType type, out long value)
    {
        value = 0;
        switch (json)
        {
            case long l: value = l; break;
            case double d when d == Math.Floor(d) && Math.Abs(d) < 1e21 && d >= long.MinValue && d < 9.2233720368547758E18: value = (long)d; break;
            case ulong when type.Kind == GoKind.Uint && type.Bits == 64: value = 0; return false; // uint64 beyond int64 does not occur in the API
            default: return false;
        }
        if (type.Kind == GoKind.Uint) return value >= 0 && (type.Bits == 64 || value < 1L << type.Bits);
        return type.Bits == 64 || (value >= -(1L << (type.Bits - 1)) && value < 1L << (type.Bits - 1));
    }

    /// <summary>A JSON number as kubectl sends it.</summary>
    private static string NumberText(object? json) => json switch
    {
        long l => l.ToString(CultureInfo.InvariantCulture),
        ulong u => u.ToString(CultureInfo.InvariantCulture),
        double d => GoText.JsonNumber(d),
        _ => "",
    };

    // UnmarshalTypeError.Value: "number" (with its literal where an integer did not fit), "string", "bool", "array", "object".
    private static string JsonKind(object? json, string? numberText) => json switch
    {
        string => "string",
        bool => "bool",
        long or double or ulong => numberText is null ? "number" : $"number {numberText}",
        List<object?> => "array",
        null => "null",
        _ => "object",
    };

    private static readonly object Missing = new();

    /// <summary>
    /// A field path in the two spellings errors use: encoding/json's (no indexes) and the strict decoder's. A chain of
    /// segments, spelled out only when an error or unknown field needs it (most fields never do).
    /// </summary>
    private sealed class Path
    {
        private readonly Path? _parent;
        private readonly string? _field;
        private readonly int _index;
        private readonly string? _key;
        private readonly string? _root;

        private Path(Path? parent, string? field, int index, string? key, string? root = null) =>
            (_parent, _field, _index, _key, _root) = (parent, field, index, key, root);

        public Path(string root, string _) : this(null, null, -1, null, root) { }

        public Path Field(string name) => new(this, name, -1, null);
        public Path Index(int i) => new(this, null, i, null);
        public Path Key(string k) => new(this, null, -1, k);

        public string Go => Build(strict: false);
        public string Strict => Build(strict: true);

        private string Build(bool strict)
        {
            var parts = new List<Path>();
            for (var p = this; p is not null; p = p._parent) parts.Add(p);
            parts.Reverse();
            var sb = new StringBuilder();
            foreach (var p in parts)
            {
                if (p._root is { Length: > 0 }) sb.Append(p._root);
                if (p._field is not null) { if (sb.Length > 0) sb.Append('.'); sb.Append(p._field); }
                else if (strict && p._index >= 0) sb.Append('[').Append(p._index.ToString(CultureInfo.InvariantCulture)).Append(']');
                else if (strict && p._key is not null) sb.Append("[\"").Append(p._key.Replace("\"", "\\\"", StringComparison.Ordinal)).Append("\"]");
            }
            return sb.ToString();
        }
    }
}
