using k8s.Models;
using PspReplacement.Cel;
using PspReplacement.Config;
using PspReplacement.Profiles;
using PspReplacement.Rendering.Autogen;
using PspReplacement.Rendering.Bindings;
using PspReplacement.Vap;
using PspReplacement.Yaml;

namespace PspReplacement.Rendering;

public static class ClusterRenderer
{
    /// <summary>
    /// The objects render would produce for one namespace named namespaceName configured with that profile and add-backs
    /// (used by check --profile and by tests, so they evaluate exactly what render emits).
    /// </summary>
    public static RenderedCluster RenderProfile(PolicyLibrary library, Profile profile, PssVersion pssVersion,
        IReadOnlyList<string> addBacks, KubernetesVersion kubernetesVersion, string namespaceName = "default")
    {
        var mark = new SourceMark("(profile)", 1, 1);
        var ns = new NamespaceConfig(namespaceName, profile,
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
        var namespaces = cluster.Namespaces.Select(ns => NamespacePlanner.Plan(ns, cluster, library, problems)).ToList();
        if (problems.Count > 0) throw new InvalidInputException(problems);

        var mode = cluster.BindNamespacesByName ? NamespaceBindingMode.Names : NamespaceBindingMode.Labels;
        // Controller forms exist when the cluster or any namespace wants them; each binding's actions then say how they act.
        var formMode = cluster.Controllers == ControllerMode.Off && cluster.Namespaces.Any(n => n.Controllers is ControllerMode.Warn or ControllerMode.Same)
            ? ControllerMode.Same : cluster.Controllers;
        var options = new FormOptions(formMode, cluster.Exemptions.Usernames, cluster.Exemptions.RuntimeClassNames) { Kubernetes = cluster.KubernetesVersion };
        var policies = new List<V1ValidatingAdmissionPolicy>();
        var bindings = new List<V1ValidatingAdmissionPolicyBinding>();
        var overridden = PolicyOverrides.InCluster(library, cluster);
        foreach (var policy in library.Policies)
        {
            if (policy.IsAddBack && !namespaces.Any(n => n.Included.Contains(policy.Name))) continue;
            var selector = overridden.Contains(policy.Name)
                ? PolicyOverrides.BaselineOnlySelector(policy.Name, cluster.DefaultProfile, scheme, mode, namespaces, cluster.Exemptions.Namespaces)
                : BindingSelectors.For(policy.Name, policy.Profile, cluster.DefaultProfile, scheme, mode, namespaces, cluster.Exemptions.Namespaces);
            if (selector is null) continue; // it would bind no namespace
            var main = policy.VariantFor(cluster.PssVersion);
            foreach (var (variant, versionRequirement) in VariantSelections(policy, cluster, namespaces, scheme))
            {
                // A variant for pinned namespaces is named after the PSS version its rule starts at: selinux-pss-v1.0.
                var name = variant == main ? policy.Name : $"{policy.Name}-pss-{variant.MinVersion}";
                IReadOnlyList<PolicyForm> forms;
                try { forms = AutogenScope.Restrict(policy, PolicyForms.Expand(name, variant.Spec, AutogenScope.OptionsFor(policy, variant.Spec, options))); }
                catch (InvalidInputException e) { problems.AddRange(e.Problems); continue; }
                foreach (var form in forms)
                {
                    var requirements = selector.MatchExpressions.ToList();
                    if (versionRequirement is not null) requirements.Add(versionRequirement);
                    var formBindings = Bindings(form, policy, cluster, requirements, scheme).ToList();
                    if (formBindings.Count == 0) continue; // controllers off everywhere for this form
                    policies.Add(Policy(form, policy, variant, scheme, cluster, library));
                    bindings.AddRange(formBindings);
                }
            }
        }
        if (problems.Count > 0) throw new InvalidInputException(problems);
        if (LabelGuard.For(cluster, scheme) is var (guardPolicy, guardBinding))
        {
            policies.Add(guardPolicy);
            bindings.Add(guardBinding);
        }

        var namespaceObjects = namespaces.Select(n => Namespace(n, cluster, scheme, mode, library, overridden)).ToList();
        return new ClusterPlan(cluster, namespaces, new RenderedCluster(cluster.Name, policies, bindings, namespaceObjects));
    }

    /// <summary>
    /// Which variant of a policy binds where. The variant of the cluster's PSS version binds every namespace except those
    /// pinned to a version whose rule differs; each other variant in use binds the namespaces pinned to its versions.
    /// </summary>
    private static IEnumerable<(PolicyVariant Variant, V1LabelSelectorRequirement? VersionRequirement)> VariantSelections(
        PolicyDefinition policy, ClusterConfig cluster, IReadOnlyList<NamespacePolicies> namespaces, LabelScheme scheme)
    {
        var main = policy.VariantFor(cluster.PssVersion);
        var pinned = namespaces.Where(n => n.PinnedVersion).Select(n => n.PssVersion).Distinct().Order().ToList();
        var differing = pinned.Where(v => policy.VariantFor(v) != main).ToList();
        if (main is not null)
            yield return (main, differing.Count > 0 ? scheme.PssVersionRequirement("NotIn", differing) : null);
        foreach (var group in pinned.Where(v => policy.VariantFor(v) is { } variant && variant != main).GroupBy(v => policy.VariantFor(v)!))
            yield return (group.Key, scheme.PssVersionRequirement("In", group));
    }

    // The spec in the form the cluster's apiserver takes: what the chart deploys is what check and test evaluate,
    // since both read these objects.
    // An add-back's policy also names the rule it stands in for and the add-back, so a denial it issues (in the cluster
    // or in check) reads as that rule, relaxed.
    private static V1ValidatingAdmissionPolicy Policy(PolicyForm form, PolicyDefinition policy, PolicyVariant variant, LabelScheme scheme,
        ClusterConfig cluster, PolicyLibrary library)
    {
        var annotations = new Dictionary<string, string>
        {
            [$"{scheme.Prefix}/control"] = policy.Control,
            [$"{scheme.Prefix}/pss-versions"] = variant.MaxVersion is { } max ? $"{variant.MinVersion}-{max}" : $"{variant.MinVersion}+",
        };
        foreach (var addBack in library.AddBacks)
            foreach (var replacement in addBack.Replaces.Where(r => r.With == policy.Name))
            {
                annotations[scheme.RelaxesAnnotation] = replacement.Policy;
                annotations[scheme.AddBackAnnotation] = addBack.Name;
            }
        return new()
        {
            ApiVersion = $"{KubernetesApi.AdmissionGroup}/v1",
            Kind = "ValidatingAdmissionPolicy",
            Metadata = new V1ObjectMeta
            {
                Name = form.Name,
                Labels = new Dictionary<string, string> { [scheme.PolicyLabel] = policy.Name },
                Annotations = annotations,
            },
            Spec = ApiServerForm.For(form.Spec, cluster.KubernetesVersion, policy.Name),
        };
    }

    /// <summary>
    /// The bindings of one form. The pod form binds with the policy's actions; a controller form with what the cluster's
    /// (or a namespace's) controllers mode makes of them, namespaces with another mode getting bindings of their own.
    /// </summary>
    private static IEnumerable<V1ValidatingAdmissionPolicyBinding> Bindings(PolicyForm form, PolicyDefinition policy, ClusterConfig cluster,
        List<V1LabelSelectorRequirement> selector, LabelScheme scheme)
    {
        // Namespaces whose actions differ from the cluster's (staged rollout per namespace, or another controllers mode)
        // get bindings of their own, by name; BindingVariants leaves out those that equal the cluster's.
        var podActions = ValidationActions.Canonical(cluster.ActionsFor(policy.Name, policy.ValidationActions));
        var variants = form.IsController
            ? BindingVariants.Split(ControllerActions.For(cluster.Controllers, podActions),
                cluster.Namespaces.ToDictionary(n => n.Name,
                    n => ControllerActions.For(n.Controllers ?? cluster.Controllers, cluster.ActionsFor(policy.Name, n, policy.ValidationActions)), StringComparer.Ordinal))
            : BindingVariants.Split(podActions,
                cluster.Namespaces.ToDictionary(n => n.Name, n => cluster.ActionsFor(policy.Name, n, policy.ValidationActions), StringComparer.Ordinal));
        foreach (var variant in variants)
        {
            var requirements = selector.ToList();
            if (variant.NamespaceRequirement is not null) requirements.Add(variant.NamespaceRequirement);
            yield return new V1ValidatingAdmissionPolicyBinding
            {
                ApiVersion = $"{KubernetesApi.AdmissionGroup}/v1",
                Kind = "ValidatingAdmissionPolicyBinding",
                Metadata = new V1ObjectMeta { Name = form.Name + variant.Suffix, Labels = new Dictionary<string, string> { [scheme.PolicyLabel] = policy.Name } },
                Spec = new V1ValidatingAdmissionPolicyBindingSpec
                {
                    PolicyName = form.Name,
                    ValidationActions = variant.Actions.ToList(),
                    MatchResources = new V1MatchResources { NamespaceSelector = new V1LabelSelector { MatchExpressions = requirements } },
                },
            };
        }
    }

    private static V1Namespace Namespace(NamespacePolicies ns, ClusterConfig cluster, LabelScheme scheme, NamespaceBindingMode mode,
        PolicyLibrary library, IReadOnlySet<string> overridden)
    {
        var labels = scheme.LabelsOf(ns, mode);
        if (cluster.PsaLabels)
        {
            var bound = library.Policies
                .Where(p => p.VariantFor(ns.PssVersion) is not null)
                .Where(p => ns.Runs(p.Name, p.Profile) && (p.IsAddBack || PolicyOverrides.Applies(p, ns.Profile, overridden)))
                .Select(p => cluster.ActionsFor(p.Name, ns.Config, p.ValidationActions))
                .ToList();
            foreach (var (key, value) in PsaLabels.For(ns, ns.PssVersion, cluster.Exemptions.Namespaces.Contains(ns.Name), bound))
                labels[key] = value;
        }
        // Labels and annotations given in values pass through; the loader refused the keys pspr or Helm own.
        foreach (var (key, value) in ns.Config.Labels) labels[key] = value;
        var annotations = new SortedDictionary<string, string>(ns.Config.Annotations.ToDictionary(), StringComparer.Ordinal)
        {
            // Uninstalling the release must never delete a namespace (and everything in it).
            ["helm.sh/resource-policy"] = "keep",
        };
        return new V1Namespace
        {
            ApiVersion = "v1",
            Kind = "Namespace",
            Metadata = new V1ObjectMeta
            {
                Name = ns.Name,
                Labels = labels,
                Annotations = annotations,
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

/// <summary>A cluster's rendered objects with what each listed namespace was given.</summary>
public sealed record ClusterPlan(ClusterConfig Cluster, IReadOnlyList<NamespacePolicies> Namespaces, RenderedCluster Rendered);
