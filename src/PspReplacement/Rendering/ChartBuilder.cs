using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using PspReplacement.Config;
using PspReplacement.Profiles;
using PspReplacement.Rendering.Bindings;
using PspReplacement.Vap;

namespace PspReplacement.Rendering;

/// <summary>Lays out a cluster's two charts (policies and namespaces) as files, through the templates. Pure: returns path → content.</summary>
public static class ChartBuilder
{
    public const string ChartsFolder = "charts";
    public const string HelmfileFolder = "helmfile.d";
    public const string HelmfileName = "pod-security.yaml.gotmpl";

    public static string NamespacesChartName(string cluster) => $"{cluster}-namespaces";

    /// <summary>Files of charts/CLUSTER/ and charts/CLUSTER-namespaces/, keyed by path relative to the repository root.</summary>
    public static SortedDictionary<string, string> Build(ClusterPlan plan, PolicyLibrary library, TemplateSet templates, string repositoryRoot)
    {
        var cluster = plan.Cluster;
        var rendered = plan.Rendered;
        var scheme = new LabelScheme(cluster.LabelPrefix);
        var apiVersion = KubernetesApi.AdmissionApiVersion(cluster.KubernetesVersion);
        var clusterModel = ClusterModel(cluster, repositoryRoot);
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);

        // The policies chart: one template file per policy with its VAPs and bindings.
        var chartDir = $"{ChartsFolder}/{cluster.Name}";
        var rows = new List<object>();
        // The library's policies, then the label guard render adds from values.
        var entries = library.Policies.Select(p => new ChartPolicy(p.Name, p.Title, p.Control, RepoPath(repositoryRoot, p.SourcePath), p.ProfileName))
            .Append(new ChartPolicy(LabelGuard.PolicyName, "Namespace label guard: only the deployers may change the binding labels", "", "values (labelGuard)", "guard"));
        foreach (var policy in entries)
        {
            var vaps = rendered.Policies.Where(p => PolicyOf(p.Metadata, scheme) == policy.Name).ToList();
            if (vaps.Count == 0) continue;
            var documents = new List<object>();
            foreach (var vap in vaps)
            {
                documents.Add(Document("ValidatingAdmissionPolicy", vap.Metadata, vap.Spec));
                foreach (var binding in rendered.Bindings.Where(b => b.Spec.PolicyName == vap.Metadata.Name))
                {
                    documents.Add(Document("ValidatingAdmissionPolicyBinding", binding.Metadata, binding.Spec));
                    rows.Add(new Dictionary<string, object?>
                    {
                        ["name"] = binding.Metadata.Name,
                        ["profile"] = policy.ProfileName,
                        ["objects"] = Objects(vap.Spec.MatchConstraints),
                        ["actions"] = string.Join(", ", binding.Spec.ValidationActions),
                        ["selector"] = string.Join(", ", (binding.Spec.MatchResources?.NamespaceSelector?.MatchExpressions ?? [])
                            .Select(r => $"`{r.Key}` {r.OperatorProperty} [{string.Join(", ", r.Values)}]")),
                    });
                }
            }
            files[$"{chartDir}/templates/{policy.Name}.yaml"] = templates.Render("policy.yaml", new Dictionary<string, object?>
            {
                ["policy"] = new Dictionary<string, object?>
                {
                    ["name"] = policy.Name, ["title"] = policy.Title, ["control"] = policy.Control, ["source"] = policy.Source,
                },
                ["cluster"] = clusterModel,
                ["api_version"] = apiVersion,
                ["documents"] = documents,
            });
        }
        var namespaceRows = plan.Namespaces.Select(n => (object)new Dictionary<string, object?>
        {
            ["name"] = n.Config.Name,
            ["profile"] = n.Profile.Name(),
            ["add_backs"] = n.Config.AddBacks.Count == 0 ? "-" : string.Join(", ", n.Config.AddBacks),
            ["exclude"] = n.Config.Exclude.Count == 0 ? "-" : string.Join(", ", n.Config.Exclude),
            ["pss_version"] = n.PssVersion.ToString(),
        }).ToList();
        var policiesChart = new Dictionary<string, object?>
        {
            ["name"] = cluster.Name,
            ["description"] = $"Pod Security Standards as ValidatingAdmissionPolicies for {cluster.Name} (rendered by pspr)",
            ["notes"] = $"{rendered.Policies.Count} ValidatingAdmissionPolicies and {rendered.Bindings.Count} bindings are installed.",
        };
        var common = new Dictionary<string, object?> { ["cluster"] = clusterModel, ["chart"] = policiesChart, ["api_version"] = apiVersion };
        files[$"{chartDir}/values.yaml"] = templates.Render("values.yaml", common);
        files[$"{chartDir}/templates/NOTES.txt"] = templates.Render("NOTES.txt", common);
        files[$"{chartDir}/README.md"] = templates.Render("policies-README.md", new Dictionary<string, object?>(common)
        {
            ["policies"] = rows, ["namespaces"] = namespaceRows, ["matrix"] = Matrix(plan, library),
            ["default_profile"] = cluster.DefaultProfile.Name(),
            ["exempt_namespaces"] = List(cluster.Exemptions.Namespaces), ["exempt_users"] = List(cluster.Exemptions.Usernames),
            ["exempt_runtime_classes"] = List(cluster.Exemptions.RuntimeClassNames),
        });
        AddChartYaml(files, chartDir, policiesChart, clusterModel, templates);

        // The namespaces chart.
        var nsName = NamespacesChartName(cluster.Name);
        var nsDir = $"{ChartsFolder}/{nsName}";
        var nsChart = new Dictionary<string, object?>
        {
            ["name"] = nsName,
            ["description"] = $"The namespaces of {cluster.Name} with the labels that bind their Pod Security policies (rendered by pspr)",
            ["notes"] = $"{rendered.Namespaces.Count} namespaces are labelled; uninstalling keeps them (helm.sh/resource-policy: keep).",
        };
        var nsCommon = new Dictionary<string, object?> { ["cluster"] = clusterModel, ["chart"] = nsChart, ["api_version"] = apiVersion };
        files[$"{nsDir}/templates/namespaces.yaml"] = templates.Render("namespaces.yaml", new Dictionary<string, object?>(nsCommon)
        {
            ["documents"] = plan.Namespaces.Zip(rendered.Namespaces, (p, ns) => (object)new Dictionary<string, object?>
            {
                ["summary"] = Summary(p),
                ["metadata"] = new YamlData(ToJson(ns.Metadata)),
            }).ToList(),
        });
        files[$"{nsDir}/values.yaml"] = templates.Render("values.yaml", nsCommon);
        files[$"{nsDir}/templates/NOTES.txt"] = templates.Render("NOTES.txt", nsCommon);
        files[$"{nsDir}/README.md"] = templates.Render("namespaces-README.md", new Dictionary<string, object?>(nsCommon)
        {
            ["namespaces"] = rendered.Namespaces.Select(ns => (object)new Dictionary<string, object?>
            {
                ["name"] = ns.Metadata.Name,
                ["labels"] = string.Join("<br>", ns.Metadata.Labels.Select(l => $"`{l.Key}={l.Value}`")),
            }).ToList(),
        });
        AddChartYaml(files, nsDir, nsChart, clusterModel, templates);
        return files;
    }

    /// <summary>helmfile.d/: one environment per cluster values file.</summary>
    public static KeyValuePair<string, string> Helmfile(IReadOnlyList<(string Cluster, string KubeContext)> clusters, TemplateSet templates) =>
        KeyValuePair.Create($"{HelmfileFolder}/{HelmfileName}", templates.Render("helmfile.yaml.gotmpl", new Dictionary<string, object?>
        {
            ["clusters"] = clusters.Select(c => (object)new Dictionary<string, object?> { ["name"] = c.Cluster, ["kube_context"] = YamlWriter.Quote(c.KubeContext) }).ToList(),
        }));

    private static string List(IReadOnlyList<string> items) => items.Count == 0 ? "none" : string.Join(", ", items.Order(StringComparer.Ordinal).Select(i => $"`{i}`"));

    /// <summary>
    /// Which policy runs in which namespace, for the chart README: a row per library policy, a column per listed
    /// namespace and one for every namespace values do not list (the default profile). ✓ runs, ＋ an add-back's
    /// replacement runs, · does not run; exempt namespaces run nothing.
    /// </summary>
    private static Dictionary<string, object?> Matrix(ClusterPlan plan, PolicyLibrary library)
    {
        var cluster = plan.Cluster;
        var overridden = PolicyOverrides.InCluster(library, cluster);
        var unlisted = NamespacePlanner.Plan(new NamespaceConfig("(unlisted)", cluster.DefaultProfile, [], [], null, null, cluster.Mark), cluster, library, []);
        var columns = plan.Namespaces.Append(unlisted).ToList();
        string Cell(PolicyDefinition p, NamespacePolicies ns) =>
            cluster.Exemptions.Namespaces.Contains(ns.Name) || p.VariantFor(ns.PssVersion) is null ? "·"
            : ns.Runs(p.Name, p.Profile) && (p.IsAddBack || PolicyOverrides.Applies(p, ns.Profile, overridden)) ? (p.IsAddBack ? "＋" : "✓") : "·";
        var policies = library.Policies.Where(p => !p.IsAddBack || columns.Any(n => n.Included.Contains(p.Name))).OrderBy(p => p.Name, StringComparer.Ordinal);
        return new Dictionary<string, object?>
        {
            ["header"] = "| Policy | " + string.Join(" | ", columns.Select(n => n.Name == "(unlisted)" ? $"unlisted ({cluster.DefaultProfile.Name()})" : $"`{n.Name}`")) + " |",
            ["rule"] = "|---|" + string.Concat(columns.Select(_ => "---|")),
            ["rows"] = policies.Select(p => (object)$"| `{p.Name}` | {string.Join(" | ", columns.Select(n => Cell(p, n)))} |").ToList(),
        };
    }

    /// <summary>The label of a rendered object naming its policy.</summary>
    public static string? PolicyOf(V1ObjectMeta metadata, LabelScheme scheme) =>
        metadata.Labels is { } labels && labels.TryGetValue(scheme.PolicyLabel, out var name) ? name : null;

    /// <summary>A path as the repository names it (charts must not depend on the directory render ran from).</summary>
    public static string RepoPath(string root, string path) => Path.GetRelativePath(Path.GetFullPath(root), Path.GetFullPath(path)).Replace('\\', '/');

    public static JsonNode? ToJson(object value) => JsonNode.Parse(KubernetesJson.Serialize(value));

    /// <summary>The resources a VAP matches for the chart README, with those its excludeResourceRules take out.</summary>
    private static string Objects(V1MatchResources? match)
    {
        static IEnumerable<string> Resources(IList<V1NamedRuleWithOperations>? rules) => (rules ?? []).SelectMany(r => r.Resources ?? []).Distinct();
        var included = string.Join(", ", Resources(match?.ResourceRules));
        var excluded = Resources(match?.ExcludeResourceRules).ToList();
        return excluded.Count == 0 ? included : $"{included} (not {string.Join(", ", excluded)})";
    }

    private static Dictionary<string, object?> Document(string kind, V1ObjectMeta metadata, object spec) => new()
    {
        ["kind"] = kind, ["metadata"] = new YamlData(ToJson(metadata)), ["spec"] = new YamlData(ToJson(spec)),
    };

    private static string Summary(NamespacePolicies plan)
    {
        var parts = new List<string> { plan.Profile.Name() };
        if (plan.Config.AddBacks.Count > 0) parts.Add("add-backs: " + string.Join(", ", plan.Config.AddBacks));
        if (plan.Config.Exclude.Count > 0) parts.Add("excludes: " + string.Join(", ", plan.Config.Exclude));
        if (plan.PinnedVersion) parts.Add($"pinned to PSS {plan.PssVersion}");
        return string.Join("; ", parts);
    }

    private static Dictionary<string, object?> ClusterModel(ClusterConfig cluster, string root) => new()
    {
        ["name"] = cluster.Name,
        ["kubernetes_version"] = cluster.KubernetesVersion.ToString(),
        ["pss_version"] = cluster.PssVersion.ToString(),
        ["label_prefix"] = cluster.LabelPrefix,
        ["validation_actions"] = string.Join(", ", cluster.ValidationActions),
        ["values_files"] = string.Join(", ", cluster.LayerFiles.Select(f => RepoPath(root, f))),
    };

    /// <summary>Chart.yaml last: its version is a hash of every other file of the chart, so any content change is a new version.</summary>
    private static void AddChartYaml(SortedDictionary<string, string> files, string chartDir, Dictionary<string, object?> chart,
        Dictionary<string, object?> clusterModel, TemplateSet templates)
    {
        using var sha = SHA256.Create();
        var content = new StringBuilder();
        foreach (var (path, text) in files.Where(f => f.Key.StartsWith(chartDir + "/", StringComparison.Ordinal)))
            content.Append(path).Append('\0').Append(text).Append('\0');
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content.ToString())))[..12];
        chart["version"] = $"0.1.0+{hash}";
        files[$"{chartDir}/Chart.yaml"] = templates.Render("Chart.yaml", new Dictionary<string, object?> { ["chart"] = chart, ["cluster"] = clusterModel });
    }
}

/// <summary>One template file of a policies chart: a library policy, or the label guard.</summary>
internal sealed record ChartPolicy(string Name, string Title, string Control, string Source, string ProfileName);
