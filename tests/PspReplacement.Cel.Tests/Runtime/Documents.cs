using PspReplacement.Cel.Runtime;

namespace PspReplacement.Cel.Tests.Runtime;

/// <summary>Small Kubernetes documents as CEL values.</summary>
internal static class Documents
{
    /// <summary>A pod whose containers have the given names and securityContext.privileged (null: no securityContext).</summary>
    public static object Pod(params (string Name, bool? Privileged)[] containers)
    {
        var list = new List<object?>();
        foreach (var (name, privileged) in containers)
        {
            var c = new Dictionary<string, object?> { ["name"] = name, ["image"] = "registry.example/" + name + ":1" };
            if (privileged is { } p) c["securityContext"] = new Dictionary<string, object?> { ["privileged"] = p };
            list.Add(c);
        }
        return CelValue.FromPlain(new Dictionary<string, object?>
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new Dictionary<string, object?> { ["name"] = "p", ["namespace"] = "default" },
            ["spec"] = new Dictionary<string, object?> { ["containers"] = list },
        });
    }
}
