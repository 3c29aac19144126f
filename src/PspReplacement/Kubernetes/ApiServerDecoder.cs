using PspReplacement.Cel;
using PspReplacement.Kubernetes.Decoding;
using PspReplacement.Kubernetes.Defaulting;
using PspReplacement.Kubernetes.Registry;

namespace PspReplacement.Kubernetes;

/// <summary>How the apiserver treats fields its type does not have (the request's fieldValidation, kubectl --validate).</summary>
public enum FieldValidation
{
    /// <summary>Unknown fields are dropped with a warning (the apiserver's default for clients that do not ask, such as Helm).</summary>
    Warn,
    /// <summary>Unknown fields make the request fail (kubectl's default, --validate=strict).</summary>
    Strict,
    /// <summary>Unknown fields are dropped silently.</summary>
    Ignore,
}

/// <summary>
/// The object the apiserver hands to validating admission, or why it refuses the request body: Object is the
/// unstructured form CEL sees; Invalid the apiserver's error (the request fails with 400 before any policy runs);
/// Warnings what it would send back as warnings (unknown fields under fieldValidation=Warn).
/// </summary>
public sealed record ApiServerObject(Dictionary<string, object?>? Object, string? Invalid, string? InvalidPath, IReadOnlyList<string> Warnings)
{
    /// <summary>What to do about an Invalid object, for people reading pspr's output (the apiserver says nothing of it).</summary>
    public string Fix { get; init; } = "";
}

/// <summary>
/// What the kube-apiserver of one version does to a create or update request body before ValidatingAdmissionPolicies
/// see it: decode into the typed object of its group/version/kind (unknown fields dropped, nulls unset, wrong JSON
/// types refused), apply the kind's defaulting, put it in the request's namespace, let the registry strategy prepare
/// it (status, generation, fields of disabled features, AppArmor annotations), run the mutating admission plugins every
/// apiserver has on by default (a Pod's service account token, priority, default tolerations), normalise what the
/// internal version has no room for, and convert it back to unstructured data, which drops zero-valued omitempty fields. Kinds the apiserver does not serve are refused as it refuses them;
/// other groups' kinds (custom resources) keep their content, with only metadata decoded as ObjectMeta.
/// Thread-safe.
/// </summary>
public sealed class ApiServerDecoder(KubernetesVersion version, FieldValidation validation = FieldValidation.Warn)
{
    private readonly ApiTypes _types = ApiTypes.For(version);
    private readonly FeatureGates _gates = new(version);

    public KubernetesVersion Version => version;
    public FieldValidation Validation => validation;

    /// <summary>A CREATE: the request body as validating admission sees it.</summary>
    /// <param name="namespaceName">the request's namespace ("" for cluster-scoped kinds)</param>
    public ApiServerObject Decode(Dictionary<string, object?> content, string namespaceName)
    {
        var body = DecodeTyped(content, namespaceName);
        if (body.Typed is null) return body.Result;
        var notes = new List<string>();
        if (body.ApiVersion == "v1" && body.Kind == "Pod") DefaultAdmissionPlugins.AdmitPod(body.Typed, notes);
        CreateStrategies.PrepareForCreate(body.ApiVersion, body.Kind, body.Typed, _gates, notes);
        ConversionRoundTrip.ToVersioned(body.ApiVersion, body.Kind, body.Typed);
        return body.Result with { Object = UnstructuredWriter.Write(body.Typed, body.Type!, _types), Warnings = [.. body.Result.Warnings, .. notes] };
    }

    /// <summary>
    /// An UPDATE: the new body and the stored object (decoded and defaulted as the apiserver reads it from storage).
    /// The update keeps the stored status, as the strategies' PrepareForUpdate do: a spec request cannot change it.
    /// </summary>
    public (ApiServerObject New, ApiServerObject Old) DecodeUpdate(Dictionary<string, object?> content, Dictionary<string, object?> oldContent, string namespaceName)
    {
        var old = DecodeTyped(oldContent, namespaceName);
        var body = DecodeTyped(content, namespaceName);
        if (old.Typed is not null) ConversionRoundTrip.ToVersioned(old.ApiVersion, old.Kind, old.Typed);
        var oldResult = old.Typed is null ? old.Result : old.Result with { Object = UnstructuredWriter.Write(old.Typed, old.Type!, _types) };
        if (body.Typed is null) return (body.Result, oldResult);
        if (old.Typed?.GetValueOrDefault("status") is { } status && body.Type!.Field("status") is not null) body.Typed["status"] = status;
        ConversionRoundTrip.ToVersioned(body.ApiVersion, body.Kind, body.Typed);
        return (body.Result with { Object = UnstructuredWriter.Write(body.Typed, body.Type!, _types) }, oldResult);
    }

    private sealed record TypedBody(ApiServerObject Result, Dictionary<string, object?>? Typed, ApiStruct? Type, string ApiVersion, string Kind);

    private TypedBody DecodeTyped(Dictionary<string, object?> content, string namespaceName)
    {
        var apiVersion = content.GetValueOrDefault("apiVersion") as string ?? "";
        var kindName = content.GetValueOrDefault("kind") as string ?? "";
        TypedBody Done(ApiServerObject result) => new(result, null, null, apiVersion, kindName);
        var kind = _types.Kind(apiVersion, kindName);
        if (kind is null || kind.Removed is { } removed && removed <= version)
        {
            if (kind is null && !_types.IsBuiltInGroup(ApiTypes.GroupOf(apiVersion))) return Done(CustomResource(content, namespaceName));
            var reason = kind?.Removed is { } r ? $"; it was removed in Kubernetes {r}" : "";
            return Done(Refused($"no matches for kind \"{kindName}\" in version \"{apiVersion}\": the Kubernetes {version} apiserver does not serve it{reason}", null,
                "use an apiVersion and kind this Kubernetes version serves"));
        }
        // A kind without a served type of its own (v1 List: kubectl sends its items, not the list) has no resource to create.
        if (_types.Struct(kind.TypeName) is not { } type)
            return Done(Refused($"no matches for kind \"{kindName}\" in version \"{apiVersion}\": the Kubernetes {version} apiserver has no resource to create it in", null,
                kindName.EndsWith("List", StringComparison.Ordinal) ? "give the list its items (kubectl sends each item), or the objects themselves" : "use an apiVersion and kind this Kubernetes version serves"));
        var handled = $"{kindName} in version \"{kind.ApiVersion.Split('/')[^1]}\" cannot be handled as a {kindName}";
        var decoded = TypedDecoder.Decode(content, type, _types);
        if (decoded.Error is not null) return Done(Refused($"{handled}: {decoded.Error}", decoded.ErrorPath, FixFor(decoded.Error)));
        var warnings = new List<string>();
        if (decoded.UnknownFields.Count > 0)
        {
            if (validation == FieldValidation.Strict)
                return Done(Refused($"{handled}: strict decoding error: " + string.Join(", ", decoded.UnknownFields.Select(f => $"unknown field \"{f}\"")), decoded.UnknownFields[0],
                    "remove the field or correct its name (field names are case-sensitive)"));
            if (validation == FieldValidation.Warn) warnings.AddRange(decoded.UnknownFields.Select(f => $"unknown field \"{f}\""));
        }
        var typed = decoded.Object!;
        Defaulter.Apply(typed, type, new DefaultingContext(_types, _gates));
        ConversionRoundTrip.ToInternal(apiVersion, kindName, typed);
        // rest.BeforeCreate/BeforeUpdate: a namespaced object takes the request's namespace, a cluster-scoped one none.
        var meta = typed.Struct("metadata");
        if (namespaceName.Length > 0) meta["namespace"] = namespaceName;
        else meta.Remove("namespace");
        return new TypedBody(new ApiServerObject(null, null, null, warnings), typed, type, apiVersion, kindName);
    }

    private ApiServerObject CustomResource(Dictionary<string, object?> content, string namespaceName)
    {
        var result = new Dictionary<string, object?>(content, StringComparer.Ordinal);
        var metaType = _types.Struct("meta/v1.ObjectMeta")!;
        if (content.GetValueOrDefault("metadata") is Dictionary<string, object?> metadata)
        {
            var decoded = TypedDecoder.Decode(metadata, metaType, _types, "metadata");
            var kindName = content.GetValueOrDefault("kind") as string ?? "";
            var version = (content.GetValueOrDefault("apiVersion") as string ?? "").Split('/')[^1];
            if (decoded.Error is not null) return Refused($"{kindName} in version \"{version}\" cannot be handled as a {kindName}: {decoded.Error}", decoded.ErrorPath, FixFor(decoded.Error));
            var typedMeta = decoded.Object!;
            if (namespaceName.Length > 0) typedMeta["namespace"] = namespaceName;
            result["metadata"] = UnstructuredWriter.Write(typedMeta, metaType, _types);
        }
        else if (namespaceName.Length > 0) result["metadata"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["namespace"] = namespaceName };
        return new ApiServerObject(result, null, null, []);
    }

    private static ApiServerObject Refused(string message, string? path, string fix) => new(null, message, path, []) { Fix = fix };

    private static string FixFor(string error) =>
        error.StartsWith("illegal base64", StringComparison.Ordinal)
            ? "a Secret's data values are base64: encode the value, or give the text under stringData"
        : error.StartsWith("quantities", StringComparison.Ordinal) || error.Contains("quantity", StringComparison.Ordinal)
            ? "write a quantity such as 500m, 2 or 1Gi"
            : error.Contains("into Go struct field", StringComparison.Ordinal) && error.EndsWith("of type string", StringComparison.Ordinal)
                ? "quote the value: YAML reads it as a number or a bool, and the field is a string"
                : "write the value with the field's type (a number without quotes, true or false, a list, a mapping)";
}
