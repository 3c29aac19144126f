using PspReplacement.Cel.Runtime;

namespace PspReplacement.Cel.Libraries;

// The runtime's CelEnvironment asks this table which extension libraries a version has.
public static class KubernetesLibraries
{
    /// <summary>
    /// Every extension library with the first Kubernetes version whose apiserver offers it, as k8s.io/apiserver
    /// pkg/cel/environment/base.go declares them (IntroducedVersion; "1.0" there means every version this engine knows):
    ///   1.0  library.URLs, library.Regex, library.Lists, ext.Strings(StringsVersion(0)) (until 1.29)
    ///   1.27 library.Authz
    ///   1.28 library.Quantity (with cel.OptionalTypes and CrossTypeNumericComparisons: the runtime's part)
    ///   1.29 ext.Strings(StringsVersion(2)) replaces version 0; ext.Sets; the regex/duration/timestamp literal validators
    ///   1.30 library.IP, library.CIDR
    ///   1.31 library.Format; library.AuthzSelectors behind the AuthorizeWithSelectors gate (alpha, off by default;
    ///        beta and on by default from 1.32, so the table lists it from 1.32)
    ///   1.32 ext.TwoVarComprehensions (macros: the parser/runtime's part)
    ///   1.33 library.SemverLib(SemverVersion(1))
    ///   1.34 ext.Lists(ListsVersion(3)) (cel-go's list extension: slice, flatten, distinct, reverse, sort, range, first, last)
    ///   1.35, 1.36 no entries: base.go is byte-identical from v0.35.0 to v0.36.3, pkg/cel/library changed only in doc
    ///        comments and cel-go stays v0.26.0, so the 1.36 environment is the 1.35 one.
    ///   1.37 library.Lists(ListsVersion(1)) replaces the unversioned library.Lists (version 0 gets RemovedVersion 1.37):
    ///        version 1 adds includes. Listed at 1.38 by the n-1 rule below, so no version this engine supports offers
    ///        it; environment_test.go at v0.37.0-beta.0 asserts the same ("[1, 2].includes(2)" is invalid for new
    ///        expressions at compatibility version 1.36, a 1.37 apiserver's default, and valid at 1.37). Also in 1.37 the
    ///        AuthorizeWithSelectors gate is gone (GA and locked on since 1.34): AuthzSelectors no longer checks it, which
    ///        changes nothing here, where it has been on since 1.33. cel-go v0.27.0's language change is in
    ///        <see cref="KubernetesFeatures"/>.
    /// Math (ext.Math) and encoders (ext.Encoders) are not in Kubernetes' base environment; see <see cref="CelGoExtensions"/>.
    /// When two entries share a name the newest one that a version has wins (strings version 0 → version 2).
    /// The table below lists each one minor LATER than base.go: an apiserver compiles new expressions in the
    /// environment of its compatibility version n-1 (DefaultCompatibilityVersion), so a library introduced at 1.28 is
    /// usable in a policy created on 1.29 — the "availability" the Kubernetes documentation gives.
    /// </summary>
    public static IReadOnlyList<(ICelLibrary Library, KubernetesVersion Since)> All { get; } =
    [
        (new UrlLibrary(), KubernetesVersion.Oldest),
        (new RegexLibrary(), KubernetesVersion.Oldest),
        (new ListsLibrary(0), KubernetesVersion.Oldest),
        (new StringsLibrary(0), KubernetesVersion.Oldest),
        (new AuthzLibrary(withSelectors: false), new KubernetesVersion(1, 28)),
        (new QuantityLibrary(), new KubernetesVersion(1, 29)),
        (new StringsLibrary(2), new KubernetesVersion(1, 30)),
        (new SetsLibrary(), new KubernetesVersion(1, 30)),
        (new IpLibrary(), new KubernetesVersion(1, 31)),
        (new CidrLibrary(), new KubernetesVersion(1, 31)),
        (new FormatLibrary(), new KubernetesVersion(1, 32)),
        (new AuthzLibrary(withSelectors: true), new KubernetesVersion(1, 33)),
        (new SemverLibrary(), new KubernetesVersion(1, 34)),
        (new ExtListsLibrary(3), new KubernetesVersion(1, 35)),
        (new ListsLibrary(1), new KubernetesVersion(1, 38)),
    ];

    public static IEnumerable<ICelLibrary> For(KubernetesVersion version) =>
        All.Where(l => l.Since <= version)
            .GroupBy(l => l.Library.Name)
            .Select(g => g.MaxBy(l => l.Since).Library);
}
