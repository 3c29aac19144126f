using System.Collections.Concurrent;
using k8s.Models;
using PspReplacement.Admission;
using PspReplacement.Cel;
using PspReplacement.Manifests;
using PspReplacement.Profiles;

namespace PspReplacement.Tests.Pss;

/// <summary>
/// Admits fixture pods with the admission engine against library policies in pod form: a namespace's set is the
/// policies of its profile in force at a PSS version, with an add-back's replacements swapped in. (How render labels
/// and binds that set is checked separately, in AddBackPropertyTests.)
/// </summary>
public static class PssAdmission
{
    /// <summary>The oldest PSS version a cluster can pin (the oldest Kubernetes the product supports).</summary>
    public static readonly PssVersion OldestSupported = new(1, 26);

    private static readonly ConcurrentDictionary<string, PolicySet> Sets = new(StringComparer.Ordinal);

    /// <summary>The policies a namespace with this profile, PSS version and add-back has.</summary>
    public static PolicySet Setup(ProfileLevel profile, PssVersion version, string? addBack = null) =>
        Sets.GetOrAdd($"{profile}/{version}/{addBack}", _ =>
        {
            var library = PssLibrary.Library;
            var inForce = library.Policies
                .Where(p => p.Profile == ProfileLevel.Baseline || (p.Profile == ProfileLevel.Restricted && profile == ProfileLevel.Restricted))
                .Where(p => p.VariantFor(version) is not null)
                .ToList();
            if (addBack is not null)
            {
                foreach (var r in library.AddBacks.Single(a => a.Name == addBack).Replaces)
                {
                    if (inForce.RemoveAll(p => p.Name == r.Policy) == 0) continue;
                    inForce.Add(PssLibrary.Policy(r.With));
                }
            }
            return Of(inForce.Select(p => (p, p.VariantFor(version)!)));
        });

    /// <summary>One policy variant alone, applied everywhere.</summary>
    public static PolicySet Single(PolicyDefinition policy, PolicyVariant variant) =>
        Sets.GetOrAdd($"single/{policy.Name}/{variant.MinVersion}", _ => Of([(policy, variant)]));

    private static PolicySet Of(IEnumerable<(PolicyDefinition Policy, PolicyVariant Variant)> policies)
    {
        var vaps = policies.Select(x => new V1ValidatingAdmissionPolicy
        {
            ApiVersion = "admissionregistration.k8s.io/v1",
            Kind = "ValidatingAdmissionPolicy",
            Metadata = new V1ObjectMeta { Name = x.Policy.Name },
            Spec = WithPodMatch(x.Variant.Spec),
        }).ToList();
        return PolicySet.Create(vaps, PolicySet.BindEverywhere(vaps), KubernetesVersion.Latest);
    }

    // What render fills in for the pod form (docs/design.md): pods and their ephemeralcontainers, on CREATE and UPDATE.
    private static V1ValidatingAdmissionPolicySpec WithPodMatch(V1ValidatingAdmissionPolicySpec spec) => new()
    {
        FailurePolicy = spec.FailurePolicy,
        MatchConditions = spec.MatchConditions,
        Variables = spec.Variables,
        Validations = spec.Validations,
        AuditAnnotations = spec.AuditAnnotations,
        MatchConstraints = new V1MatchResources
        {
            ResourceRules =
            [
                new V1NamedRuleWithOperations
                {
                    ApiGroups = [""], ApiVersions = ["v1"], Operations = ["CREATE", "UPDATE"], Resources = ["pods", "pods/ephemeralcontainers"],
                },
            ],
        },
    };

    /// <summary>A denial, named by the library policy it comes from.</summary>
    public sealed record Denial(string LibraryPolicy, string Message);

    public static IReadOnlyList<Denial> Denials(PolicySet policies, PssFixture fixture, Dictionary<string, object?>? objectOverride = null)
    {
        var location = new ManifestLocation(fixture.Policy + "/tests.yaml", 1, 1, 1);
        var manifest = new ManifestObject(location, objectOverride ?? fixture.Object);
        var old = fixture.OldObject is null ? null : new ManifestObject(location, fixture.OldObject);
        var request = AdmissionRequestFactory.Create(manifest, old, new RequestOptions(fixture.Operation, fixture.SubResource));
        var ns = new Dictionary<string, object?>
        {
            ["apiVersion"] = "v1", ["kind"] = "Namespace",
            ["metadata"] = new Dictionary<string, object?> { ["name"] = request.Namespace },
        };
        var verdict = policies.Admit(request, new Dictionary<string, string>(), ns);
        return verdict.Violations.Where(v => v.Denies).Select(v => new Denial(v.Policy, v.Message)).ToList();
    }

    /// <summary>The version a case runs at within a variant: the newest of the overlap.</summary>
    public static PssVersion? RunVersion(PssFixture fixture, PolicyVariant variant) => fixture.Overlap(variant)?.To;
}
