namespace PspReplacement.Admission;

/// <summary>The request variable's content (admission.k8s.io/v1 AdmissionRequest without the objects), as plain data.</summary>
internal static class AdmissionRequestValue
{
    public static Dictionary<string, object?> Build(AdmissionRequest r, MatchResult match) => new()
    {
        ["uid"] = "",
        ["kind"] = Kind(match.Kind),
        ["resource"] = Resource(match.Resource),
        ["subResource"] = r.SubResource,
        ["requestKind"] = Kind(r.Kind),
        ["requestResource"] = Resource(r.Resource),
        ["requestSubResource"] = r.SubResource,
        ["name"] = r.Name,
        ["namespace"] = r.Namespace,
        ["operation"] = r.Operation,
        ["userInfo"] = new Dictionary<string, object?>
        {
            ["username"] = r.User.Username,
            ["groups"] = r.User.Groups.Select(g => (object?)g).ToList(),
        },
        // The manifests are checked as they would be applied: a real request, never kubectl --dry-run=server.
        ["dryRun"] = false,
        ["options"] = new Dictionary<string, object?>
        {
            ["apiVersion"] = "meta.k8s.io/v1",
            ["kind"] = r.Operation switch { "UPDATE" => "UpdateOptions", "DELETE" => "DeleteOptions", _ => "CreateOptions" },
        },
    };

    private static Dictionary<string, object?> Kind(GroupVersionKind k) => new() { ["group"] = k.Group, ["version"] = k.Version, ["kind"] = k.Kind };
    private static Dictionary<string, object?> Resource(GroupVersionResource r) => new() { ["group"] = r.Group, ["version"] = r.Version, ["resource"] = r.Resource };
}
