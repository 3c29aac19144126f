using System.Text.RegularExpressions;
using PspReplacement.Profiles;
using PspReplacement.Yaml;

namespace PspReplacement.Import;

/// <summary>
/// Reads the annotations Kyverno's policy library puts on a policy: which PSS profile (category), which Kubernetes
/// versions it was written for, and the title, description and severity shown to users.
/// </summary>
internal static partial class PolicyHintsReader
{
    public const string CategoryAnnotation = "policies.kyverno.io/category";
    public const string PodSecurityCategoryAnnotation = "pod-security.kyverno.io/category";
    public const string TitleAnnotation = "policies.kyverno.io/title";
    public const string DescriptionAnnotation = "policies.kyverno.io/description";
    public const string SeverityAnnotation = "policies.kyverno.io/severity";
    public const string SubjectAnnotation = "policies.kyverno.io/subject";
    public const string MinVersionAnnotation = "policies.kyverno.io/minversion";
    public const string KubernetesVersionAnnotation = "kyverno.io/kubernetes-version";
    public const string KyvernoVersionAnnotation = "kyverno.io/kyverno-version";
    public const string AutogenAnnotation = "pod-policies.kyverno.io/autogen-controllers";

    /// <summary>The hints kept with the imported policy (importedFrom), so a reviewer sees what upstream claimed.</summary>
    private static readonly string[] KeptAnnotations =
    [
        CategoryAnnotation, PodSecurityCategoryAnnotation, SubjectAnnotation, MinVersionAnnotation,
        KubernetesVersionAnnotation, KyvernoVersionAnnotation, AutogenAnnotation,
    ];

    /// <summary>PSS applies from its first version unless upstream says which Kubernetes version the policy was written for.</summary>
    public static readonly PssVersion AllVersions = new(1, 0);

    // Kyverno's pod-security library names its policies after the PSS controls; the PSS page's names are the
    // project's `control` values. Anything else keeps its title as control.
    private static readonly Dictionary<string, string> ControlsByKyvernoName = new(StringComparer.Ordinal)
    {
        ["disallow-capabilities"] = "Capabilities",
        ["disallow-capabilities-strict"] = "Capabilities",
        ["disallow-host-namespaces"] = "Host Namespaces",
        ["disallow-host-path"] = "HostPath Volumes",
        ["disallow-host-ports"] = "Host Ports",
        ["disallow-host-process"] = "HostProcess",
        ["disallow-privileged-containers"] = "Privileged Containers",
        ["disallow-proc-mount"] = "/proc Mount Type",
        ["disallow-selinux"] = "SELinux",
        ["restrict-apparmor-profiles"] = "AppArmor",
        ["restrict-seccomp"] = "Seccomp",
        ["restrict-sysctls"] = "Sysctls",
        ["disallow-privilege-escalation"] = "Privilege Escalation",
        ["require-run-as-non-root-user"] = "Running as Non-root user",
        ["require-run-as-nonroot"] = "Running as Non-root",
        ["restrict-seccomp-strict"] = "Seccomp",
        ["restrict-volume-types"] = "Volume Types",
    };

    public static PolicyHints Read(SourceNode? metadata, string policyName, Profile defaultProfile)
    {
        var annotations = metadata.StringMap("annotations");
        string? Get(string key) => annotations.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

        var category = Get(PodSecurityCategoryAnnotation) ?? Get(CategoryAnnotation);
        var profile = ProfileFromCategory(category) ?? defaultProfile;
        var title = Get(TitleAnnotation) ?? policyName;
        var baseName = policyName.EndsWith("-cel", StringComparison.Ordinal) ? policyName[..^4] : policyName;
        var control = ControlsByKyvernoName.GetValueOrDefault(baseName) ?? title;
        var description = Collapse(Get(DescriptionAnnotation) ?? title);
        var kept = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in KeptAnnotations)
            if (Get(key) is { } value) kept[key] = value;
        return new PolicyHints(profile, control, title, description, Get(SeverityAnnotation), MinPssVersion(Get(KubernetesVersionAnnotation)), kept);
    }

    public static Profile? ProfileFromCategory(string? category)
    {
        if (category is null) return null;
        var m = CategoryPattern().Match(category);
        if (!m.Success) return null;
        return ProfileNames.TryParse(m.Groups[1].Value.ToLowerInvariant(), out var profile) ? profile : null;
    }

    /// <summary>"1.22-1.23" or "1.25" (the Kubernetes versions upstream tested): the policy applies from the lower bound on.</summary>
    public static PssVersion MinPssVersion(string? kubernetesVersions)
    {
        if (kubernetesVersions is null) return AllVersions;
        var m = VersionPattern().Match(kubernetesVersions);
        return m.Success ? new PssVersion(int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value)) : AllVersions;
    }

    /// <summary>The annotation's controller list: null for Kyverno's default, empty for none.</summary>
    public static IReadOnlyList<string>? AutogenControllers(SourceNode? metadata)
    {
        var value = metadata.StringMap("annotations").GetValueOrDefault(AutogenAnnotation)?.Trim();
        if (string.IsNullOrEmpty(value) || value.Equals("all", StringComparison.OrdinalIgnoreCase)) return null;
        if (value.Equals("none", StringComparison.OrdinalIgnoreCase)) return [];
        return value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().Order(StringComparer.Ordinal).ToList();
    }

    // Descriptions are folded YAML upstream; one line per paragraph keeps re-imports stable across reflows.
    private static string Collapse(string text) => WhitespacePattern().Replace(text.Trim(), " ");

    [GeneratedRegex(@"Pod Security Standards\s*\(\s*(Baseline|Restricted)\s*\)", RegexOptions.IgnoreCase)] private static partial Regex CategoryPattern();
    [GeneratedRegex(@"v?(\d+)\.(\d+)")] private static partial Regex VersionPattern();
    [GeneratedRegex(@"\s+")] private static partial Regex WhitespacePattern();
}
