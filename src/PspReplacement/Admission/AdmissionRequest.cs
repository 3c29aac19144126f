namespace PspReplacement.Admission;

public readonly record struct GroupVersionKind(string Group, string Version, string Kind)
{
    public override string ToString() => Group.Length == 0 ? $"{Version}/{Kind}" : $"{Group}/{Version}/{Kind}";
}

public readonly record struct GroupVersionResource(string Group, string Version, string Resource);

/// <summary>Who makes the request (request.userInfo).</summary>
public sealed record UserInfo(string Username, IReadOnlyList<string> Groups)
{
    public static readonly UserInfo Anonymous = new("", ["system:authenticated"]);
}

/// <summary>
/// An admission request as the kube-apiserver would build it for one object (admission.Attributes plus what CEL sees):
/// Object and OldObject are plain decoded data (null when absent: OldObject on CREATE). Namespace is "" for
/// cluster-scoped objects; for a Namespace object it is the namespace's own name, as the apiserver sets it.
/// </summary>
public sealed record AdmissionRequest(
    string Operation,
    GroupVersionKind Kind,
    GroupVersionResource Resource,
    string SubResource,
    string Name,
    string Namespace,
    Dictionary<string, object?>? Object,
    Dictionary<string, object?>? OldObject,
    UserInfo User)
{
    public bool IsNamespaceObject => Resource.Resource == "namespaces" && Resource.Group.Length == 0;
}
