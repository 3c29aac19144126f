using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using PspReplacement.Cel;

namespace PspReplacement.Kubernetes;

/// <summary>A field of an API struct in one Kubernetes version: its JSON name, Go type, omitempty and declarative default.</summary>
public sealed record ApiField(string Json, GoType Type, bool OmitEmpty, object? Default, bool HasDefault, string? Named);

/// <summary>
/// An API struct in one Kubernetes version, with embedded (inline) structs' fields in place, as encoding/json sees it.
/// <see cref="Embedded"/> names the inline structs, whose defaulting functions apply to the same JSON object.
/// </summary>
public sealed class ApiStruct(string name, IReadOnlyList<ApiField> fields, IReadOnlyList<string> embedded)
{
    private readonly Dictionary<string, ApiField> _byJson = fields.ToDictionary(f => f.Json, StringComparer.Ordinal);

    private ApiStruct?[]? _targets;
    private int[]? _alwaysWritten;
    private Dictionary<string, int>? _index;

    public string Name { get; } = name;
    public IReadOnlyList<ApiField> Fields { get; } = fields;
    public IReadOnlyList<string> Embedded { get; } = embedded;
    public ApiField? Field(string json) => _byJson.GetValueOrDefault(json);

    /// <summary>The position of a field in <see cref="Fields"/>, or -1.</summary>
    public int IndexOf(string json) =>
        (_index ??= Fields.Select((f, i) => (f.Json, i)).ToDictionary(x => x.Json, x => x.i, StringComparer.Ordinal)).GetValueOrDefault(json, -1);

    /// <summary>
    /// The fields the unstructured form has even when the object leaves them unset: structs that are not pointers,
    /// Quantity, IntOrString and Duration (structs too), and scalars without omitempty.
    /// </summary>
    public int[] AlwaysWritten => _alwaysWritten ??= Enumerable.Range(0, Fields.Count).Where(i => Fields[i] switch
    {
        { Type.Kind: GoKind.Struct or GoKind.Quantity or GoKind.IntOrString or GoKind.Duration } => true,
        { Type.Kind: GoKind.String or GoKind.Bool or GoKind.Int or GoKind.Uint or GoKind.Float, OmitEmpty: false } => true,
        _ => false,
    }).ToArray();

    /// <summary>The view this struct belongs to (the struct types of its fields are looked up there).</summary>
    internal ApiTypes? Types { get; set; }

    /// <summary>Whether defaulting has anything to do in this struct or below it (computed once, by the defaulter).</summary>
    internal bool? NeedsDefaulting { get; set; }

    /// <summary>
    /// The struct the i-th field holds — itself, through a pointer, or as the element of a list or map — or null.
    /// Resolved once: decoding, defaulting and writing visit it for every object.
    /// </summary>
    public ApiStruct? TargetOf(int i)
    {
        var targets = _targets ??= new ApiStruct?[Fields.Count];
        if (targets[i] is { } known) return known;
        var type = Fields[i].Type;
        if (type.Kind == GoKind.Pointer) type = type.Element!;
        if (type.Kind is GoKind.Slice or GoKind.Map) type = type.Element!;
        if (type.Kind == GoKind.Pointer) type = type.Element!;
        if (type.Kind != GoKind.Struct) return null;
        return targets[i] = Types!.Struct(type.StructName!) ?? throw new InvalidDataException($"{type.StructName} is not in the type table");
    }
}

/// <summary>A kind registered in an API group version (register.go), with the release that stopped serving it.</summary>
public sealed record ApiKind(string ApiVersion, string Kind, string TypeName, KubernetesVersion? Removed, bool Namespaced);

/// <summary>
/// The built-in API types of one Kubernetes version, read from the table that scripts/gen-kubernetes-types.py generates
/// from k8s.io/api and k8s.io/apimachinery at that version's tag (api-types.json, embedded). Views are built once
/// per version and are safe to share across threads.
/// </summary>
public sealed class ApiTypes
{
    private static readonly Lazy<JsonDocument> Table = new(Load);
    private static readonly ConcurrentDictionary<KubernetesVersion, ApiTypes> Views = new();

    private readonly KubernetesVersion _version;
    private readonly Dictionary<string, JsonElement> _rawTypes;
    private readonly Dictionary<(string ApiVersion, string Kind), ApiKind> _kinds = [];
    private readonly ConcurrentDictionary<string, ApiStruct?> _structs = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Group, string Kind), bool> _scopes = [];
    private readonly HashSet<string> _groups = new(StringComparer.Ordinal);

    private ApiTypes(KubernetesVersion version)
    {
        _version = version;
        var root = Table.Value.RootElement;
        _rawTypes = root.GetProperty("types").EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
        foreach (var kind in root.GetProperty("kinds").EnumerateObject())
        {
            if (!Covers(kind.Value)) continue;
            var slash = kind.Name.LastIndexOf('/');
            var removed = kind.Value.TryGetProperty("removed", out var r) ? KubernetesVersion.Parse(r.GetString()!) : (KubernetesVersion?)null;
            var key = (kind.Name[..slash], kind.Name[(slash + 1)..]);
            _kinds[key] = new ApiKind(key.Item1, key.Item2, kind.Value.GetProperty("type").GetString()!, removed, kind.Value.GetProperty("namespaced").GetBoolean());
            _scopes.TryAdd((GroupOf(key.Item1), key.Item2), _kinds[key].Namespaced);
            _groups.Add(GroupOf(key.Item1));
        }
    }

    /// <summary>The Kubernetes versions the table describes, and the source tag of each.</summary>
    public static IReadOnlyDictionary<KubernetesVersion, string> Sources { get; } =
        Table.Value.RootElement.GetProperty("sources").EnumerateObject()
            .ToDictionary(p => KubernetesVersion.Parse(p.Name), p => p.Value.GetProperty("k8s.io/api").GetString()!);

    /// <summary>The view of a version; a version newer than the table's newest uses the newest (and older the oldest).</summary>
    public static ApiTypes For(KubernetesVersion version)
    {
        var known = Sources.Keys.Order().ToList();
        var clamped = version < known[0] ? known[0] : version > known[^1] ? known[^1] : version;
        return Views.GetOrAdd(clamped, v => new ApiTypes(v));
    }

    public KubernetesVersion Version => _version;

    public ApiKind? Kind(string apiVersion, string kind) => _kinds.GetValueOrDefault((apiVersion, kind));

    /// <summary>Whether a built-in kind of the group is namespaced (in any of the group's versions); null when the group has no such kind.</summary>
    public bool? IsNamespaced(string group, string kind) => _scopes.TryGetValue((group, kind), out var namespaced) ? namespaced : null;

    /// <summary>True when the group of apiVersion is a built-in API group ("" for core) in this version.</summary>
    public bool IsBuiltInGroup(string group) => _groups.Contains(group);

    public static string GroupOf(string apiVersion) => apiVersion.Contains('/') ? apiVersion[..apiVersion.IndexOf('/')] : "";

    public ApiStruct? Struct(string name) => _structs.GetOrAdd(name, Build);

    private ApiStruct? Build(string name)
    {
        if (!_rawTypes.TryGetValue(name, out var raw)) return null;
        var fields = new List<ApiField>();
        var embedded = new List<string>();
        foreach (var f in raw.EnumerateArray())
        {
            if (!Covers(f)) continue;
            var type = GoType.Parse(f.GetProperty("type").GetString()!);
            if (f.TryGetProperty("inline", out var inline) && inline.GetBoolean())
            {
                var inner = Struct(type.StructName ?? throw new InvalidDataException($"{name}: inline field of non-struct type {type}"))
                            ?? throw new InvalidDataException($"{name}: embedded {type} is not in the type table");
                embedded.Add(inner.Name);
                embedded.AddRange(inner.Embedded);
                fields.AddRange(inner.Fields);
                continue;
            }
            var hasDefault = f.TryGetProperty("default", out var d);
            fields.Add(new ApiField(
                f.GetProperty("json").GetString()!,
                type,
                f.TryGetProperty("omitempty", out var o) && o.GetBoolean(),
                hasDefault ? Plain(d) : null,
                hasDefault,
                f.TryGetProperty("named", out var n) ? n.GetString() : null));
        }
        return new ApiStruct(name, fields, embedded) { Types = this };
    }

    private bool Covers(JsonElement entry)
    {
        var since = KubernetesVersion.Parse(entry.GetProperty("since").GetString()!);
        var until = entry.GetProperty("until");
        return since <= _version && (until.ValueKind == JsonValueKind.Null || _version <= KubernetesVersion.Parse(until.GetString()!));
    }

    private static object? Plain(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.TryGetInt64(out var l) ? l : e.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Object => e.EnumerateObject().ToDictionary(p => p.Name, p => Plain(p.Value), StringComparer.Ordinal),
        JsonValueKind.Array => e.EnumerateArray().Select(Plain).ToList(),
        _ => null,
    };

    private static JsonDocument Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("PspReplacement.Kubernetes.api-types.json")
                           ?? throw new InvalidOperationException("the embedded Kubernetes API type table is missing from the build");
        return JsonDocument.Parse(stream);
    }
}
