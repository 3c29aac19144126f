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
        (new ListsLibrary(), KubernetesVersion.Oldest),
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
    ];

    public static IEnumerable<ICelLibrary> For(KubernetesVersion version) =>
        All.Where(l => l.Since <= version)
            .GroupBy(l => l.Library.Name)
            .Select(g => g.MaxBy(l => l.Since).Library);
}
