using System.Text.Json.Nodes;
using PspReplacement.Cel;
using PspReplacement.Profiles;
using PspReplacement.Yaml;

namespace PspReplacement.Config;

/// <summary>
/// Loads the fleet from values/: values/common.yaml, then values/groups/GROUP.yaml for each group the cluster lists
/// (in order), then values/CLUSTER.yaml; deep-merged (maps merge, lists and scalars replace), schema-checked, defaulted.
/// </summary>
public static class ValuesLoader
{
    public const string CommonFile = "common.yaml";
    public const string GroupsFolder = "groups";

    /// <summary>
    /// The clusters: every values/*.yaml except common.yaml, sorted. A folder named like a values file, or a file
    /// ending in .yml, is refused rather than skipped: skipped, it would silently drop a cluster (and delete its
    /// charts) or the common layer.
    /// </summary>
    public static IReadOnlyList<string> ClusterNames(string valuesDirectory)
    {
        if (!Directory.Exists(valuesDirectory))
            throw new InvalidInputException($"{DisplayPath.Of(valuesDirectory)}: the values folder does not exist; run from the repository root");
        var problems = new List<string>();
        var names = new List<string>();
        foreach (var path in Directory.EnumerateFileSystemEntries(valuesDirectory).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            if (name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || (name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) && !name.EndsWith(".yaml", StringComparison.Ordinal)))
                problems.Add($"{DisplayPath.Of(path)}:1:1: values files end in .yaml; rename it to {Path.GetFileNameWithoutExtension(name)}.yaml (with another ending it would be ignored)");
            else if (!name.EndsWith(".yaml", StringComparison.Ordinal)) continue;
            else if (Directory.Exists(path))
                problems.Add($"{DisplayPath.Of(path)}: a folder, not a values file; remove or rename it (a values file is a YAML file)");
            else if (name != CommonFile) names.Add(Path.GetFileNameWithoutExtension(name));
        }
        if (problems.Count > 0) throw new InvalidInputException(problems);
        return names;
    }

    /// <summary>Loads the named clusters (all when null), reporting the problems of every cluster at once.</summary>
    public static IReadOnlyList<ClusterConfig> Load(string valuesDirectory, IReadOnlyList<string>? clusters = null)
    {
        var known = ClusterNames(valuesDirectory);
        var problems = new List<string>();
        foreach (var name in clusters ?? [])
            if (!known.Contains(name))
                problems.Add($"unknown cluster '{name}': there is no {DisplayPath.Of(Path.Combine(valuesDirectory, name + ".yaml"))}; known clusters: {string.Join(", ", known)}");
        if (problems.Count > 0) throw new InvalidInputException(problems);

        var schema = ValuesSchema.Load(valuesDirectory);
        var result = new List<ClusterConfig>();
        foreach (var name in clusters ?? known)
        {
            try { result.Add(LoadCluster(valuesDirectory, name, schema)); }
            catch (InvalidInputException e) { problems.AddRange(e.Problems); }
        }
        if (problems.Count > 0) throw new InvalidInputException(problems.Distinct().ToList());
        return result;
    }

    /// <summary>
    /// A cluster's kubeContext from its merged layers, without validating the rest (the helmfile names every cluster,
    /// also when render renders only some).
    /// </summary>
    public static string KubeContextOf(string valuesDirectory, string clusterName)
    {
        var (merged, layers) = Merge(valuesDirectory, clusterName);
        return (merged as SourceMap)?["kubeContext"] is SourceScalar { IsNull: false } context && context.Text.Length > 0
            ? context.Text
            : throw new InvalidInputException($"{layers[^1]}:1:1: cluster {clusterName} has no kubeContext; set the kubeconfig context its helmfile environment deploys to");
    }

    public static ClusterConfig LoadCluster(string valuesDirectory, string clusterName, ValuesSchema? schema = null)
    {
        schema ??= ValuesSchema.Load(valuesDirectory);
        var (merged, layers) = Merge(valuesDirectory, clusterName);
        var problems = schema.Validate(merged).ToList();
        if (problems.Count > 0) throw new InvalidInputException(problems);
        return Build((SourceMap)merged, clusterName, layers);
    }

    /// <summary>The merged document of one cluster and the files it came from, in merge order.</summary>
    public static (SourceNode Merged, IReadOnlyList<string> Layers) Merge(string valuesDirectory, string clusterName)
    {
        var clusterPath = Path.Combine(valuesDirectory, clusterName + ".yaml");
        var cluster = SourceYamlReader.ReadFile(clusterPath, DisplayPath.Of(clusterPath));
        var layers = new List<string>();
        var problems = new List<string>();
        SourceNode merged = new SourceMap([], cluster.Mark);

        var commonPath = Path.Combine(valuesDirectory, CommonFile);
        if (File.Exists(commonPath))
        {
            merged = ValuesMerger.Merge(merged, ReadLayer(commonPath, problems));
            layers.Add(DisplayPath.Of(commonPath));
        }
        if (cluster is SourceMap map && map["groups"] is SourceList groups)
        {
            foreach (var group in groups.Items.OfType<SourceScalar>())
            {
                var groupPath = Path.Combine(valuesDirectory, GroupsFolder, group.Text + ".yaml");
                if (!File.Exists(groupPath))
                {
                    problems.Add($"{group.Mark}: unknown group '{group.Text}': there is no {DisplayPath.Of(groupPath)}; create it or fix the name");
                    continue;
                }
                var layer = ReadLayer(groupPath, problems);
                if (layer is SourceMap groupMap && groupMap.Entry("groups") is { } nested)
                    problems.Add($"{nested.Key.Mark}: a group file cannot list groups; list them in the cluster's file instead");
                merged = ValuesMerger.Merge(merged, layer);
                layers.Add(DisplayPath.Of(groupPath));
            }
        }
        merged = ValuesMerger.Merge(merged, cluster);
        layers.Add(DisplayPath.Of(clusterPath));
        if (problems.Count > 0) throw new InvalidInputException(problems);
        return (merged, layers);
    }

    private static SourceNode ReadLayer(string path, List<string> problems)
    {
        try
        {
            var node = SourceYamlReader.ReadFile(path, DisplayPath.Of(path));
            if (node is SourceMap) return node;
            problems.Add($"{node.Mark}: a values file must be a map of settings (key: value)");
        }
        catch (InvalidInputException e) { problems.AddRange(e.Problems); }
        return new SourceMap([], new SourceMark(DisplayPath.Of(path), 1, 1));
    }

    /// <summary>The typed config of a schema-valid merged document, with defaults; checks what the schema cannot.</summary>
    private static ClusterConfig Build(SourceMap doc, string clusterName, IReadOnlyList<string> layers)
    {
        var problems = new List<string>();
        var name = ((SourceScalar)doc["name"]!).Text;
        if (name != clusterName)
            problems.Add($"{doc["name"]!.Mark}: name '{name}' differs from the file name '{clusterName}.yaml'; make them equal (the file name is how render --cluster finds it)");

        var versionNode = (SourceScalar)doc["kubernetesVersion"]!;
        // A plain 1.30 is the float 1.3 in YAML; the text as written is what the user means.
        KubernetesVersion kubernetes = default;
        if (!KubernetesVersion.TryParse(versionNode.Text, out kubernetes))
            problems.Add($"{versionNode.Mark}: '{versionNode.Text}' is not a Kubernetes version; write it like \"1.31\"");
        else if (kubernetes < KubernetesVersion.Oldest)
            problems.Add($"{versionNode.Mark}: Kubernetes {kubernetes} is not supported: ValidatingAdmissionPolicy needs {KubernetesVersion.Oldest} or newer; upgrade the cluster first");
        else if (kubernetes > KubernetesVersion.Latest)
            problems.Add($"{versionNode.Mark}: Kubernetes {kubernetes} is newer than this tool knows ({KubernetesVersion.Latest}); update pspr or set {KubernetesVersion.Latest}");

        var newestPss = new PssVersion(kubernetes.Major, kubernetes.Minor) > PssVersion.Latest ? PssVersion.Latest : new PssVersion(kubernetes.Major, kubernetes.Minor);
        var pss = ReadPss(doc["pssVersion"], newestPss, kubernetes, problems) ?? newestPss;

        var prefix = Text(doc["labelPrefix"]) ?? ClusterConfig.DefaultLabelPrefix;
        var actions = Strings(doc["validationActions"]) ?? ClusterConfig.DefaultValidationActions;

        var policies = new SortedDictionary<string, PolicyOverride>(StringComparer.Ordinal);
        var policyMarks = new Dictionary<string, SourceMark>(StringComparer.Ordinal);
        if (doc["policies"] is SourceMap policyMap)
            foreach (var entry in policyMap.Entries)
            {
                policies[entry.Name] = new PolicyOverride(entry.Value is SourceMap m ? Strings(m["validationActions"]) : null);
                policyMarks[entry.Name] = entry.Key.Mark;
            }

        var defaultProfile = ReadProfile(Text(doc["defaultProfile"])) ?? Profile.Restricted;
        var controllers = Controllers(Text(doc["controllers"])) ?? ControllerMode.Same;
        var exemptions = ExemptionsConfig.None;
        if (doc["exemptions"] is SourceMap ex)
            exemptions = new ExemptionsConfig(Strings(ex["usernames"]) ?? [], Strings(ex["runtimeClassNames"]) ?? [], Strings(ex["namespaces"]) ?? []);

        var namespaces = new List<NamespaceConfig>();
        if (doc["namespaces"] is SourceMap nsMap)
        {
            foreach (var entry in nsMap.Entries.OrderBy(e => e.Name, StringComparer.Ordinal))
            {
                var ns = entry.Value as SourceMap;
                var nsPss = ns is null ? null : ReadPss(ns["pssVersion"], newestPss, kubernetes, problems);
                namespaces.Add(new NamespaceConfig(
                    entry.Name,
                    ReadProfile(Text(ns?["profile"])) ?? defaultProfile,
                    Refs(ns?["addBacks"]),
                    Refs(ns?["exclude"]),
                    nsPss,
                    Controllers(Text(ns?["controllers"])),
                    entry.Key.Mark)
                {
                    ValidationActions = Strings(ns?["validationActions"]),
                    PolicyActions = ns?["policies"] is SourceMap nsPolicies
                        ? nsPolicies.Entries.Where(e => e.Value is SourceMap m && m["validationActions"] is SourceList)
                            .ToDictionary(e => e.Name, e => Strings(((SourceMap)e.Value)["validationActions"])!, StringComparer.Ordinal)
                        : new Dictionary<string, IReadOnlyList<string>>(),
                    PolicyActionRefs = ns?["policies"] is SourceMap refs ? refs.Entries.Select(e => new NameRef(e.Name, e.Key.Mark)).ToList() : [],
                    Labels = PassThrough(ns?["labels"], entry.Name, "labels", prefix, problems),
                    Annotations = PassThrough(ns?["annotations"], entry.Name, "annotations", prefix, problems),
                });
            }
        }
        // The cluster's own daemons (kube-proxy, CNI, CSI) run privileged in kube-system: with a fail-closed default a
        // system namespace nobody decided would deny them, so each must be decided in so many words.
        var undecided = ClusterConfig.SystemNamespaces
            .Where(n => !exemptions.Namespaces.Contains(n) && !(doc["namespaces"] is SourceMap decided && decided[n] is SourceMap entry && entry["profile"] is SourceScalar { IsNull: false }))
            .ToList();
        if (undecided.Count > 0)
            problems.Add($"{doc.Mark}: cluster {name} does not decide the system namespace{(undecided.Count == 1 ? "" : "s")} {string.Join(", ", undecided)}: " +
                         $"left to defaultProfile ({defaultProfile.Name()}) they would deny the cluster's own daemons (kube-proxy, CNI, CSI drivers); decide each, " +
                         "as PSA's guidance does: exempt it (exemptions: {namespaces: [kube-system]}) or give it a profile (namespaces: {kube-system: {profile: privileged}}), " +
                         $"in {Path.GetFileName(layers[^1])} or values/common.yaml");
        var guardMap = doc["labelGuard"] as SourceMap;
        var guard = new LabelGuardConfig(Bool(guardMap?["enabled"]) ?? true, Strings(guardMap?["users"]) ?? [], Strings(guardMap?["groups"]) ?? [], Strings(guardMap?["serviceAccounts"]) ?? []);
        if (guard.Enabled && guard.Usernames.Count == 0 && guard.Groups.Count == 0)
            problems.Add($"{(guardMap ?? doc).Mark}: labelGuard is on (the default) but names no deployer, so nobody could set the namespaces' labels: " +
                         "list the identities that run helmfile apply (labelGuard: {users: [...], groups: [...], serviceAccounts: [namespace/name]}), " +
                         "or turn the guard off with labelGuard: {enabled: false} and say why in a comment");
        if (problems.Count > 0) throw new InvalidInputException(problems);
        return new ClusterConfig(name, kubernetes, pss, prefix, actions, policies, defaultProfile, controllers, exemptions,
            Bool(doc["bindNamespacesByName"]) ?? false, Bool(doc["psaLabels"]) ?? false, namespaces, layers[^1], layers)
        {
            PolicyOverrideMarks = policyMarks,
            Mark = doc.Mark,
            LabelGuard = guard,
            KubeContext = Text(doc["kubeContext"]) ?? "",
        };
    }

    private static PssVersion? ReadPss(SourceNode? node, PssVersion newest, KubernetesVersion kubernetes, List<string> problems)
    {
        if (node is not SourceScalar { IsNull: false } scalar) return null;
        var version = scalar.Text == "latest" ? newest : PssVersion.Parse(scalar.Text); // the schema checked the form
        if (version > newest)
            problems.Add($"{scalar.Mark}: PSS {version} is newer than Kubernetes {kubernetes} knows ({newest}); use {newest} or older");
        return version;
    }

    /// <summary>
    /// namespaces.NAME.labels or .annotations as given. Keys pspr or Helm set themselves are refused: passed through,
    /// they would silently override a binding or PSA label, or Helm's ownership and keep annotations.
    /// </summary>
    private static IReadOnlyDictionary<string, string> PassThrough(SourceNode? node, string ns, string field, string prefix, List<string> problems)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (node is not SourceMap map) return result;
        foreach (var entry in map.Entries)
        {
            var key = entry.Name;
            var owner = field == "labels"
                ? key.StartsWith(prefix + "/", StringComparison.Ordinal) ? $"pspr's binding labels ({prefix}/*), which it derives from the namespace's profile, exclude and addBacks"
                : key.StartsWith("pod-security.kubernetes.io/", StringComparison.Ordinal) ? "the PSA labels, which pspr writes itself when psaLabels is on; set profile and pssVersion instead"
                : key == "kubernetes.io/metadata.name" ? "set by the apiserver to the namespace's name"
                : key == "app.kubernetes.io/managed-by" ? "set by Helm to the release's manager"
                : null
                : key.StartsWith("meta.helm.sh/", StringComparison.Ordinal) ? "Helm's release ownership, which Helm sets itself"
                : key == "helm.sh/resource-policy" ? "pspr's own: it keeps every namespace on uninstall"
                : null;
            if (owner is not null)
                problems.Add($"{entry.Key.Mark}: namespaces.{ns}.{field}: '{key}' is not yours to set: {owner}; remove it");
            else if (entry.Value is SourceScalar scalar)
                result[key] = scalar.Text;
        }
        return result;
    }

    private static string? Text(SourceNode? node) => node is SourceScalar { IsNull: false } s ? s.Text : null;
    private static bool? Bool(SourceNode? node) => node is SourceScalar s ? SourceJson.ScalarToJson(s) is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null : null;
    private static IReadOnlyList<string>? Strings(SourceNode? node) => node is SourceList l ? l.Items.OfType<SourceScalar>().Select(s => s.Text).ToList() : null;
    private static IReadOnlyList<NameRef> Refs(SourceNode? node) => node is SourceList l ? l.Items.OfType<SourceScalar>().Select(s => new NameRef(s.Text, s.Mark)).ToList() : [];

    private static Profile? ReadProfile(string? text) => ProfileNames.TryParse(text, out var profile) ? profile : null;

    private static ControllerMode? Controllers(string? text) => text switch
    {
        "off" => ControllerMode.Off,
        "warn" => ControllerMode.Warn,
        "same" => ControllerMode.Same,
        _ => null,
    };
}
