using k8s.Models;
using PspReplacement.Cel;
using PspReplacement.Config;
using PspReplacement.Profiles;
using PspReplacement.Rendering.Autogen;

namespace PspReplacement.Rendering;

// CONTRACT (owner: render).
public static class ClusterRenderer
{
    public const string AdmissionGroup = "admissionregistration.k8s.io";
    public const string NamespaceNameLabel = "kubernetes.io/metadata.name";

    /// <summary>
    /// The objects render would produce for one namespace named namespaceName configured with that profile and add-backs
    /// (used by check --profile and by tests, so they evaluate exactly what render emits).
    /// </summary>
    public static RenderedCluster RenderProfile(PolicyLibrary library, ProfileLevel profile, PssVersion pssVersion,
        IReadOnlyList<string> addBacks, KubernetesVersion kubernetesVersion, string namespaceName = "default")
    {
        if (profile == ProfileLevel.AddBack) throw new ArgumentException("a namespace's profile is baseline or restricted; add-backs go in addBacks", nameof(profile));
        var mark = new SourceMark("(profile)", 1, 1);
        var ns = new NamespaceConfig(namespaceName, profile == ProfileLevel.Baseline ? NamespaceProfile.Baseline : NamespaceProfile.Restricted,
            addBacks.Select(a => new NameRef(a, mark)).ToList(), [], null, null, mark);
        var cluster = new ClusterConfig("profile", kubernetesVersion, pssVersion, ClusterConfig.DefaultLabelPrefix, ClusterConfig.DefaultValidationActions,
            new Dictionary<string, PolicyOverride>(), ns.Profile, ControllerMode.Same, ExemptionsConfig.None, false, false, [ns], "(profile)", []);
        return Render(cluster, library);
    }

    /// <summary>Everything a cluster's charts contain, as typed objects. Throws InvalidInputException listing every problem.</summary>
    public static RenderedCluster Render(ClusterConfig cluster, PolicyLibrary library) => Plan(cluster, library).Rendered;

    /// <summary>The cluster's objects plus what the charts' README and render's summary report.</summary>
    public static ClusterPlan Plan(ClusterConfig cluster, PolicyLibrary library)
    {
        var problems = new List<string>();
        var scheme = new LabelScheme(cluster.LabelPrefix);
        CheckPolicyOverrides(cluster, library, problems);
        var plans = cluster.Namespaces.Select(ns => NamespacePlanner.Plan(ns, cluster, library, scheme, problems)).ToList();
        if (problems.Count > 0) throw new InvalidInputException(problems);

        var options = new FormOptions(cluster.Controllers, cluster.Exemptions.Usernames, cluster.Exemptions.RuntimeClassNames);
        var policies = new List<V1ValidatingAdmissionPolicy>();
        var bindings = new List<V1ValidatingAdmissionPolicyBinding>();
        foreach (var policy in library.Policies)
        {
            if (policy.Profile == ProfileLevel.AddBack && !plans.Any(p => p.IncludedAddBackPolicies.Contains(policy.Name))) continue;
            foreach (var (variant, selector) in VariantSelections(policy, cluster, plans, scheme))
            {
                var name = variant.MinVersion == policy.VariantFor(cluster.PssVersion)?.MinVersion && variant == policy.VariantFor(cluster.PssVersion)
                    ? policy.Name
                    : $"{policy.Name}-pss-{variant.MinVersion.ToString().Replace('.', '-')}";
                IReadOnlyList<PolicyForm> forms;
                try { forms = PolicyForms.Expand(name, variant.Spec, options); }
                catch (InvalidInputException e) { problems.AddRange(e.Problems); continue; }
                foreach (var form in forms)
                {
                    policies.Add(Policy(form, policy, variant, scheme));
                    bindings.Add(Binding(form, policy, cluster, selector, scheme));
                }
            }
        }
        if (problems.Count > 0) throw new InvalidInputException(problems);

        var namespaces = plans.Select(p => Namespace(p, cluster)).ToList();
        return new ClusterPlan(cluster, plans, new RenderedCluster(cluster.Name, policies, bindings, namespaces));
    }

    /// <summary>
    /// Which variant of a policy binds where. The variant of the cluster's PSS version binds every namespace except those
    /// pinned to a version whose rule differs; each other variant in use binds the namespaces pinned to its versions.
    /// </summary>
    private static IEnumerable<(PolicyVariant Variant, List<V1LabelSelectorRequirement> Selector)> VariantSelections(
        PolicyDefinition policy, ClusterConfig cluster, IReadOnlyList<NamespacePlan> plans, LabelScheme scheme)
    {
        var main = policy.VariantFor(cluster.PssVersion);
        var pinned = plans.Where(p => p.PinnedVersion).Select(p => p.PssVersion).Distinct().Order().ToList();
        var differing = pinned.Where(v => policy.VariantFor(v) != main).Select(v => v.ToString()).ToList();
        var baseSelector = BaseSelector(policy, cluster, plans, scheme);
        if (main is not null)
        {
            var selector = baseSelector.ToList();
            if (differing.Count > 0) selector.Add(Requirement(scheme.PssVersionKey, "NotIn", differing));
            yield return (main, selector);
        }
        foreach (var group in pinned.Where(v => policy.VariantFor(v) is { } variant && variant != main).GroupBy(v => policy.VariantFor(v)!))
        {
            var selector = baseSelector.ToList();
            selector.Add(Requirement(scheme.PssVersionKey, "In", group.Select(v => v.ToString()).ToList()));
            yield return (group.Key, selector);
        }
    }

    private static List<V1LabelSelectorRequirement> BaseSelector(PolicyDefinition policy, ClusterConfig cluster, IReadOnlyList<NamespacePlan> plans, LabelScheme scheme)
    {
        var selector = new List<V1LabelSelectorRequirement>();
        var byName = cluster.BindNamespacesByName;
        if (policy.Profile == ProfileLevel.AddBack)
        {
            if (byName)
            {
                var names = plans.Where(p => p.IncludedAddBackPolicies.Contains(policy.Name)).Select(p => p.Config.Name).ToList();
                selector.Add(Requirement(NamespaceNameLabel, "In", names));
            }
            else selector.Add(Requirement(scheme.PolicyKey(policy.Name), "In", [LabelScheme.Include]));
        }
        else
        {
            selector.Add(Requirement(scheme.ProfileKey, "In", policy.Profile == ProfileLevel.Restricted ? ["restricted"] : ["baseline", "restricted"]));
            if (byName)
            {
                var names = plans.Where(p => p.Labels.TryGetValue(scheme.PolicyKey(policy.Name), out var v) && v == LabelScheme.Exclude).Select(p => p.Config.Name).ToList();
                if (names.Count > 0) selector.Add(Requirement(NamespaceNameLabel, "NotIn", names));
            }
            else selector.Add(Requirement(scheme.PolicyKey(policy.Name), "NotIn", [LabelScheme.Exclude]));
        }
        if (cluster.Exemptions.Namespaces.Count > 0)
            selector.Add(Requirement(NamespaceNameLabel, "NotIn", cluster.Exemptions.Namespaces));
        return selector;
    }

    private static V1LabelSelectorRequirement Requirement(string key, string op, IReadOnlyList<string> values) =>
        new() { Key = key, OperatorProperty = op, Values = values.Order(StringComparer.Ordinal).ToList() };

    private static V1ValidatingAdmissionPolicy Policy(PolicyForm form, PolicyDefinition policy, PolicyVariant variant, LabelScheme scheme) => new()
    {
        ApiVersion = $"{AdmissionGroup}/v1",
        Kind = "ValidatingAdmissionPolicy",
        Metadata = new V1ObjectMeta
        {
            Name = form.Name,
            Labels = new Dictionary<string, string> { [scheme.PolicyLabel] = policy.Name },
            Annotations = new Dictionary<string, string>
            {
                [$"{scheme.Prefix}/control"] = policy.Control,
                [$"{scheme.Prefix}/pss-versions"] = variant.MaxVersion is { } max ? $"{variant.MinVersion}-{max}" : $"{variant.MinVersion}+",
            },
        },
        Spec = form.Spec,
    };

    private static V1ValidatingAdmissionPolicyBinding Binding(PolicyForm form, PolicyDefinition policy, ClusterConfig cluster,
        List<V1LabelSelectorRequirement> selector, LabelScheme scheme)
    {
        var actions = cluster.ActionsFor(policy.Name);
        // As PSA does for workloads: controllers only get warnings (and audit) when the cluster chose warn.
        if (form.IsController && cluster.Controllers == ControllerMode.Warn) actions = ["Warn", "Audit"];
        return new V1ValidatingAdmissionPolicyBinding
        {
            ApiVersion = $"{AdmissionGroup}/v1",
            Kind = "ValidatingAdmissionPolicyBinding",
            Metadata = new V1ObjectMeta { Name = form.Name, Labels = new Dictionary<string, string> { [scheme.PolicyLabel] = policy.Name } },
            Spec = new V1ValidatingAdmissionPolicyBindingSpec
            {
                PolicyName = form.Name,
                ValidationActions = actions.ToList(),
                MatchResources = new V1MatchResources { NamespaceSelector = new V1LabelSelector { MatchExpressions = selector } },
            },
        };
    }

    private static V1Namespace Namespace(NamespacePlan plan, ClusterConfig cluster)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in plan.Labels)
            if (!cluster.BindNamespacesByName || key == new LabelScheme(cluster.LabelPrefix).ProfileKey || key == new LabelScheme(cluster.LabelPrefix).PssVersionKey)
                labels[key] = value;
        // Belt and braces: where the setting is exactly a PSS profile, PSA enforces it too.
        if (cluster.PsaLabels && plan.Config.AddBacks.Count == 0 && plan.Config.Exclude.Count == 0)
        {
            var profile = NamespacePlanner.ProfileName(plan.Config.Profile);
            var version = plan.PssVersion.ToString();
            foreach (var mode in new[] { "enforce", "warn", "audit" })
            {
                labels[$"pod-security.kubernetes.io/{mode}"] = profile;
                labels[$"pod-security.kubernetes.io/{mode}-version"] = version;
            }
        }
        return new V1Namespace
        {
            ApiVersion = "v1",
            Kind = "Namespace",
            Metadata = new V1ObjectMeta
            {
                Name = plan.Config.Name,
                Labels = labels,
                // Uninstalling the release must never delete a namespace (and everything in it).
                Annotations = new Dictionary<string, string> { ["helm.sh/resource-policy"] = "keep" },
            },
        };
    }

    private static void CheckPolicyOverrides(ClusterConfig cluster, PolicyLibrary library, List<string> problems)
    {
        foreach (var name in cluster.Policies.Keys)
            if (library.Policies.All(p => p.Name != name))
            {
                var mark = cluster.PolicyOverrideMarks.TryGetValue(name, out var m) ? m.ToString() : cluster.SourceFile;
                problems.Add($"{mark}: unknown policy '{name}' under policies; known policies: {string.Join(", ", library.Policies.Select(p => p.Name))}");
            }
    }
}

/// <summary>A cluster's rendered objects with the per-namespace plans they came from.</summary>
public sealed record ClusterPlan(ClusterConfig Cluster, IReadOnlyList<NamespacePlan> Namespaces, RenderedCluster Rendered);
