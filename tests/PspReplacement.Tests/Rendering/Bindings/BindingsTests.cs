using PspReplacement.Config;
using PspReplacement.Profiles;
using PspReplacement.Rendering.Bindings;
using PspReplacement.Rendering.Review;
using PspReplacement.Yaml;

namespace PspReplacement.Tests.Rendering.Bindings;

public class BindingsTests
{
    private const string P = "pod-security.wmf.org";
    private static readonly LabelScheme Scheme = new(P);

    private static NamespacePolicies Ns(string name, Profile profile, string[]? excluded = null, string[]? included = null) =>
        new(new NamespaceConfig(name, profile, [], [], null, null, new SourceMark("values/eqiad.yaml", 1, 1)), new PssVersion(1, 30), false,
            (excluded ?? []).ToHashSet(), (included ?? []).ToHashSet());

    private static readonly NamespacePolicies[] Fleet =
    [
        Ns("mw-web", Profile.Restricted, ["capabilities-restricted"], ["sys-ptrace-capabilities-restricted"]),
        Ns("ml-serve", Profile.Baseline),
        Ns("mw-debug", Profile.Privileged),
        Ns("thumbor", Profile.Restricted),
    ];

    private static string Show(k8s.Models.V1LabelSelector? s) =>
        s is null ? "none" : string.Join("; ", s.MatchExpressions.Select(r => $"{r.Key} {r.OperatorProperty} [{string.Join(",", r.Values)}]"));

    [Theory]
    [InlineData(Profile.Restricted, Profile.Restricted, "P/profile NotIn [baseline,privileged]; P/seccomp NotIn [exclude]")]
    [InlineData(Profile.Restricted, Profile.Baseline, "P/profile In [restricted]; P/seccomp NotIn [exclude]")]
    [InlineData(Profile.Baseline, Profile.Restricted, "P/profile NotIn [privileged]; P/seccomp NotIn [exclude]")]
    [InlineData(Profile.Baseline, Profile.Baseline, "P/profile NotIn [privileged]; P/seccomp NotIn [exclude]")]
    [InlineData(Profile.Baseline, Profile.Privileged, "P/profile In [baseline,restricted]; P/seccomp NotIn [exclude]")]
    [InlineData(null, Profile.Restricted, "P/seccomp In [include]")]
    public void By_labels_fail_closed_where_the_default_profile_includes_the_policy(Profile? level, Profile defaultProfile, string expected) =>
        Assert.Equal(expected.Replace("P/", P + "/"), Show(BindingSelectors.For("seccomp", level, defaultProfile, Scheme, NamespaceBindingMode.Labels, Fleet, [])));

    [Fact]
    public void By_labels_leaves_exempt_namespaces_out()
    {
        var s = BindingSelectors.For("seccomp", Profile.Restricted, Profile.Restricted, Scheme, NamespaceBindingMode.Labels, Fleet, ["kube-system"]);
        Assert.EndsWith("kubernetes.io/metadata.name NotIn [kube-system]", Show(s));
    }

    [Fact]
    public void By_names_with_a_restricted_default_lists_the_namespaces_left_out()
    {
        var s = BindingSelectors.For("capabilities-restricted", Profile.Restricted, Profile.Restricted, Scheme, NamespaceBindingMode.Names, Fleet, ["kube-system"]);
        Assert.Equal("kubernetes.io/metadata.name NotIn [kube-system,ml-serve,mw-debug,mw-web]", Show(s));
    }

    [Fact]
    public void By_names_with_a_privileged_default_lists_the_namespaces_in()
    {
        Assert.Equal("kubernetes.io/metadata.name In [mw-web,thumbor]",
            Show(BindingSelectors.For("seccomp", Profile.Restricted, Profile.Privileged, Scheme, NamespaceBindingMode.Names, Fleet, [])));
        Assert.Equal("kubernetes.io/metadata.name In [ml-serve,mw-web,thumbor]",
            Show(BindingSelectors.For("host-pid", Profile.Baseline, Profile.Privileged, Scheme, NamespaceBindingMode.Names, Fleet, [])));
        Assert.Equal("kubernetes.io/metadata.name In [mw-web]",
            Show(BindingSelectors.For("sys-ptrace-capabilities-restricted", null, Profile.Restricted, Scheme, NamespaceBindingMode.Names, Fleet, [])));
    }

    [Fact]
    public void By_names_a_binding_that_would_select_nothing_is_null_and_one_that_excludes_nothing_selects_all()
    {
        Assert.Null(BindingSelectors.For("unused-add-back", null, Profile.Restricted, Scheme, NamespaceBindingMode.Names, Fleet, []));
        Assert.Null(BindingSelectors.For("seccomp", Profile.Restricted, Profile.Privileged, Scheme, NamespaceBindingMode.Names, [Ns("a", Profile.Baseline)], []));
        var all = BindingSelectors.For("seccomp", Profile.Restricted, Profile.Restricted, Scheme, NamespaceBindingMode.Names, [Ns("a", Profile.Restricted)], []);
        Assert.NotNull(all);
        Assert.Empty(all.MatchExpressions);
    }

    [Fact]
    public void Variants_split_namespaces_with_other_actions_into_their_own_bindings()
    {
        var variants = BindingVariants.Split(["Deny", "Audit"], new Dictionary<string, IReadOnlyList<string>>
        {
            ["mw-web"] = ["Audit"],
            ["mw-api"] = ["Audit"],
            ["thumbor"] = ["Audit", "Deny"], // same as the cluster once canonical: no binding of its own
            ["ml-serve"] = ["Warn", "Audit"],
            ["legacy"] = [],                 // off
        });
        Assert.Equal(["", "-audit", "-warn-audit"], variants.Select(v => v.Suffix));
        Assert.Equal("legacy,ml-serve,mw-api,mw-web", string.Join(",", variants[0].NamespaceRequirement!.Values));
        Assert.Equal("NotIn", variants[0].NamespaceRequirement!.OperatorProperty);
        Assert.Equal(["mw-api", "mw-web"], variants[1].Namespaces);
        Assert.Equal("In", variants[1].NamespaceRequirement!.OperatorProperty);
        Assert.Equal(["Warn", "Audit"], variants[2].Actions);

        var controllersOffByDefault = BindingVariants.Split([], new Dictionary<string, IReadOnlyList<string>> { ["mw-web"] = ["Deny", "Audit"] });
        var only = Assert.Single(controllersOffByDefault);
        Assert.Equal("-deny-audit", only.Suffix);
        Assert.Null(BindingVariants.Split(["Deny"], new Dictionary<string, IReadOnlyList<string>>()).Single().NamespaceRequirement);
    }

    [Fact]
    public void Psa_labels_only_for_plain_profiles_and_enforce_only_when_everything_denies()
    {
        var plain = Ns("thumbor", Profile.Restricted);
        var labels = PsaLabels.For(plain, new PssVersion(1, 30), exempt: false, [["Deny", "Audit"], ["Deny"]]);
        Assert.Equal([
            "pod-security.kubernetes.io/audit=restricted", "pod-security.kubernetes.io/audit-version=v1.30",
            "pod-security.kubernetes.io/enforce=restricted", "pod-security.kubernetes.io/enforce-version=v1.30",
            "pod-security.kubernetes.io/warn=restricted", "pod-security.kubernetes.io/warn-version=v1.30",
        ], labels.Select(kv => $"{kv.Key}={kv.Value}"));

        var rollingOut = PsaLabels.For(plain, new PssVersion(1, 30), exempt: false, [["Deny", "Audit"], ["Audit"]]);
        Assert.DoesNotContain(rollingOut, kv => kv.Key.StartsWith("pod-security.kubernetes.io/enforce"));
        Assert.Contains(rollingOut, kv => kv.Key == "pod-security.kubernetes.io/warn");

        Assert.Empty(PsaLabels.For(Fleet[0], new PssVersion(1, 30), exempt: false, [["Deny"]]));
        Assert.Empty(PsaLabels.For(plain, new PssVersion(1, 30), exempt: true, [["Deny"]]));
    }

    [Fact]
    public void Fail_closed_report_names_every_privileged_namespace_and_why()
    {
        // The system namespaces are reported on a line of their own (RenderNotes), so kube-system is not repeated here.
        var lines = FailClosed.PrivilegedReport("eqiad", Profile.Restricted, Fleet, ["kube-system", "batch"], NamespaceBindingMode.Labels);
        Assert.Equal([
            "cluster eqiad: namespace batch is privileged: it is listed in exemptions.namespaces",
            "cluster eqiad: namespace mw-debug is privileged: its values set profile: privileged",
            "cluster eqiad: every namespace not listed in values gets the cluster's defaultProfile, restricted (also any namespace whose profile label is missing or unknown)",
        ], lines);
        var open = FailClosed.PrivilegedReport("ml", Profile.Privileged, [], [], NamespaceBindingMode.Names);
        Assert.Equal(["cluster ml: every namespace not listed in values is privileged: the cluster's defaultProfile is privileged"], open);
    }
}
