using PspReplacement.Cel;
using PspReplacement.Profiles;
using PspReplacement.Yaml;

namespace PspReplacement.Config;

/// <summary>A name the user wrote (policy, add-back, namespace) and where, so a later check can point at it.</summary>
public sealed record NameRef(string Name, SourceMark Mark)
{
    public override string ToString() => Name;
}

/// <summary>One cluster's merged, validated values (values/common.yaml, then its groups, then values/NAME.yaml) with defaults applied.</summary>
public sealed record ClusterConfig(
    string Name,
    KubernetesVersion KubernetesVersion,
    PssVersion PssVersion,
    string LabelPrefix,
    IReadOnlyList<string> ValidationActions,
    IReadOnlyDictionary<string, PolicyOverride> Policies,
    Profile DefaultProfile,
    ControllerMode Controllers,
    ExemptionsConfig Exemptions,
    bool BindNamespacesByName,
    bool PsaLabels,
    IReadOnlyList<NamespaceConfig> Namespaces,
    string SourceFile,
    IReadOnlyList<string> LayerFiles)
{
    public const string DefaultLabelPrefix = "pod-security.wmf.org";
    public static readonly IReadOnlyList<string> DefaultValidationActions = ["Deny", "Audit"];

    /// <summary>The namespaces every cluster has and whose workloads the cluster itself runs; values must decide each.</summary>
    public static readonly IReadOnlyList<string> SystemNamespaces = ["kube-node-lease", "kube-public", "kube-system"];

    /// <summary>How a system namespace is decided: "exempt", or its profile.</summary>
    public string SystemNamespaceDecision(string name) =>
        Exemptions.Namespaces.Contains(name) ? "exempt" : Namespaces.FirstOrDefault(n => n.Name == name)?.Profile.Name() ?? DefaultProfile.Name();

    /// <summary>Marks of what the user wrote, for errors found after merging (unknown policy names and the like).</summary>
    public IReadOnlyDictionary<string, SourceMark> PolicyOverrideMarks { get; init; } = new Dictionary<string, SourceMark>();
    public SourceMark Mark { get; init; }

    /// <summary>The kubeconfig context the cluster's helmfile environment deploys to.</summary>
    public string KubeContext { get; init; } = "";

    /// <summary>The guard on the namespaces' binding labels; off unless values turn it on (the loader's default is on).</summary>
    public LabelGuardConfig LabelGuard { get; init; } = LabelGuardConfig.Off;

    /// <summary>The actions of a policy's bindings: its override in values, else the library policy's own, else the cluster's.</summary>
    public IReadOnlyList<string> ActionsFor(string policyName, IReadOnlyList<string>? policyDefault = null) =>
        Policies.TryGetValue(policyName, out var o) && o.ValidationActions is { } actions ? actions : policyDefault ?? ValidationActions;

    /// <summary>The actions of a policy in one namespace; the most specific setting wins: namespace policy, namespace, cluster policy, library policy, cluster.</summary>
    public IReadOnlyList<string> ActionsFor(string policyName, NamespaceConfig ns, IReadOnlyList<string>? policyDefault = null) =>
        (ns.PolicyActions.TryGetValue(policyName, out var a) ? a : null) ?? ns.ValidationActions ?? ActionsFor(policyName, policyDefault);
}

/// <summary>
/// values: labelGuard — who may change the namespaces' binding labels (the deployers of the namespaces chart). Service
/// accounts are namespace/name.
/// </summary>
public sealed record LabelGuardConfig(bool Enabled, IReadOnlyList<string> Users, IReadOnlyList<string> Groups, IReadOnlyList<string> ServiceAccounts)
{
    public static readonly LabelGuardConfig Off = new(false, [], [], []);

    /// <summary>The request usernames of the deployers: the users and the service accounts as the apiserver names them.</summary>
    public IReadOnlyList<string> Usernames => [.. Users, .. ServiceAccounts.Select(sa => $"system:serviceaccount:{sa.Replace('/', ':')}")];
}

/// <summary>values: policies.NAME — per-policy settings (staged rollout: [Audit] → [Warn, Audit] → [Deny, Audit]).</summary>
public sealed record PolicyOverride(IReadOnlyList<string>? ValidationActions);

/// <summary>PSA's exemptions: requests by these users, pods of these runtime classes, and these namespaces are not checked.</summary>
public sealed record ExemptionsConfig(IReadOnlyList<string> Usernames, IReadOnlyList<string> RuntimeClassNames, IReadOnlyList<string> Namespaces)
{
    public static readonly ExemptionsConfig None = new([], [], []);
}

/// <summary>values: namespaces.NAME.</summary>
public sealed record NamespaceConfig(
    string Name,
    Profile Profile,
    IReadOnlyList<NameRef> AddBacks,
    IReadOnlyList<NameRef> Exclude,
    PssVersion? PssVersion,
    ControllerMode? Controllers,
    SourceMark Mark)
{
    /// <summary>What values set beyond the profile, as reviewers read it: "add-backs a, b", "opts out of c", "pinned to PSS v1.25".</summary>
    public IEnumerable<string> Settings()
    {
        if (AddBacks.Count > 0) yield return $"add-backs {string.Join(", ", AddBacks)}";
        if (Exclude.Count > 0) yield return $"opts out of {string.Join(", ", Exclude)}";
        if (PssVersion is { } pinned) yield return $"pinned to PSS {pinned}";
    }

    /// <summary>values: namespaces.NAME.validationActions — every policy's actions here (null: the cluster's).</summary>
    public IReadOnlyList<string>? ValidationActions { get; init; }

    /// <summary>values: namespaces.NAME.policies.POLICY.validationActions, by policy name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> PolicyActions { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Where each policy name under namespaces.NAME.policies was written.</summary>
    public IReadOnlyList<NameRef> PolicyActionRefs { get; init; } = [];

    /// <summary>values: namespaces.NAME.labels and .annotations — passed through to the Namespace object as given.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();
}
