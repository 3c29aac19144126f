using System.Text.Json;
using k8s;
using k8s.Models;
using PspReplacement.Manifests;

namespace PspReplacement.Admission;

/// <summary>
/// Reads ValidatingAdmissionPolicies and their bindings (admissionregistration.k8s.io v1, v1beta1 and v1alpha1, which
/// share one shape for everything evaluated here) into the typed v1 model.
/// </summary>
public static class PolicyObjectLoader
{
    private const string Group = "admissionregistration.k8s.io";
    private static readonly string[] Versions = ["v1", "v1beta1", "v1alpha1"];

    public static PolicyObjects Load(IEnumerable<string> paths)
    {
        var problems = new List<string>();
        var objects = new List<ManifestObject>();
        foreach (var entry in ManifestReader.Read(paths))
        {
            if (entry.Problem is not null) problems.Add(entry.Problem);
            else objects.Add(entry.Object!);
        }
        if (problems.Count > 0) throw new InvalidInputException(problems);
        return FromObjects(objects);
    }

    public static PolicyObjects FromObjects(IEnumerable<ManifestObject> objects)
    {
        var policies = new List<V1ValidatingAdmissionPolicy>();
        var bindings = new List<V1ValidatingAdmissionPolicyBinding>();
        var namespaces = new List<ManifestObject>();
        var others = new List<ManifestObject>();
        var problems = new List<string>();
        foreach (var o in objects)
        {
            var isAdmission = o.Group == Group && Versions.Contains(o.Version);
            try
            {
                if (isAdmission && o.Kind == "ValidatingAdmissionPolicy") policies.Add(Convert<V1ValidatingAdmissionPolicy>(o));
                else if (isAdmission && o.Kind == "ValidatingAdmissionPolicyBinding") bindings.Add(Convert<V1ValidatingAdmissionPolicyBinding>(o));
                else if (o.ApiVersion == "v1" && o.Kind == "Namespace") namespaces.Add(o);
                else others.Add(o);
            }
            catch (JsonException e)
            {
                problems.Add($"{o.Location}: document {o.Location.Document}: {o.Kind} '{o.Name}' does not fit the {o.ApiVersion} schema: {e.Message}");
            }
        }
        if (problems.Count > 0) throw new InvalidInputException(problems);
        return new PolicyObjects(policies, bindings, namespaces, others);
    }

    private static T Convert<T>(ManifestObject o)
    {
        var json = JsonSerializer.Serialize(o.Content);
        return KubernetesJson.Deserialize<T>(json) ?? throw new JsonException("empty object");
    }
}
