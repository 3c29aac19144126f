using System.Collections;
using PspReplacement.Cel.Runtime;

namespace PspReplacement.Admission;

/// <summary>
/// The CEL values of one request, converted once and shared by every policy that evaluates it:
/// object, oldObject (null on CREATE), request and namespaceObject (null for cluster-scoped objects).
/// </summary>
public sealed class RequestValues(AdmissionRequest request, Dictionary<string, object?>? namespaceObject)
{
    private object? _object, _oldObject, _namespaceObject;
    private readonly Dictionary<(GroupVersionResource, GroupVersionKind), object> _requests = [];

    public AdmissionRequest Request => request;
    public object Object => _object ??= request.Object is null ? CelNull.Value : CelValue.FromPlain(request.Object);
    public object OldObject => _oldObject ??= request.OldObject is null ? CelNull.Value : CelValue.FromPlain(request.OldObject);
    public object NamespaceObject => _namespaceObject ??= namespaceObject is null ? CelNull.Value : CelValue.FromPlain(namespaceObject);

    /// <summary>The request variable as matched: kind/resource are what the policy matched (an equivalent under matchPolicy: Equivalent), requestKind/requestResource what was sent.</summary>
    public object RequestFor(MatchResult match)
    {
        var key = (match.Resource, match.Kind);
        if (!_requests.TryGetValue(key, out var value))
            _requests[key] = value = CelValue.FromPlain(AdmissionRequestValue.Build(request, match));
        return value;
    }
}
