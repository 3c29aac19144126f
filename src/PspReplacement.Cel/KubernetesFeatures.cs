using PspReplacement.Cel.Libraries;
using PspReplacement.Cel.Runtime;

namespace PspReplacement.Cel;

/// <summary>
/// Which CEL language features a kube-apiserver version accepts in new expressions. base.go in
/// k8s.io/apiserver/pkg/cel/environment declares when each option was introduced (optional types and cross-type numeric
/// comparisons 1.28, literal validators 1.29, two-variable comprehensions 1.32), but an apiserver compiles NEW
/// expressions (a VAP being created) in the environment of its DefaultCompatibilityVersion, n-1, so that a rollback
/// still understands them: a feature is usable one minor later. These are the versions the Kubernetes documentation's
/// availability table gives (e.g. optional types "1.29+"), and the ones a rendered policy must respect.
/// Homogeneous aggregate literals always; cel.bind (ext.Bindings) is not part of the Kubernetes environment.
/// The cel-go release an apiserver is built with decides the rest, with no n-1 shift (it is the binary, not an option):
/// k8s.io/apiserver go.mod has cel-go v0.26.0 in 1.35 and 1.36 and v0.27.0 from 1.37, whose namespace resolution
/// (cel-go v0.27.0 checker/checker.go checkIdent, checker/env.go, interpreter/attributes.go) makes <c>.x</c> the
/// environment's x even inside a comprehension over x; the earlier checkers (v0.12.5 in 1.26 to v0.26.0 in 1.36) looked
/// <c>.x</c> up innermost scope first.
/// </summary>
internal sealed class KubernetesFeatures(KubernetesVersion version) : IFeatureGate
{
    public static readonly KubernetesVersion OptionalTypesSince = new(1, 29);
    public static readonly KubernetesVersion TwoVariableComprehensionsSince = new(1, 33);
    public static readonly KubernetesVersion LiteralValidatorsSince = new(1, 30);
    public static readonly KubernetesVersion LeadingDotNamesGlobalSince = new(1, 37);

    public bool HomogeneousAggregateLiterals => true;
    public bool LeadingDotNamesGlobal => version >= LeadingDotNamesGlobalSince;
    public bool ValidateLiterals => version >= LiteralValidatorsSince;

    private static readonly HashSet<string> OptionalFunctions =
        ["optional.of", "optional.none", "optional.ofNonZeroValue", "optional.unwrap", "hasValue", "value", "orValue", "or", "optMap", "optFlatMap", "unwrapOpt"];

    public string? Check(LanguageFeature feature) => feature switch
    {
        LanguageFeature.OptionalSyntax => Requires("optional syntax (a.?b, a[?i], [?x], {?k: v})", OptionalTypesSince),
        LanguageFeature.CrossTypeNumericComparisons => Requires("comparing numbers of different types", OptionalTypesSince),
        LanguageFeature.TwoVariableComprehensions => Requires("two-variable comprehensions (all(i, v, ...), transformList, transformMap, ...)", TwoVariableComprehensionsSince),
        LanguageFeature.Bindings => $"cel.bind is not available in Kubernetes CEL (compiling for {version})",
        _ => null,
    };

    private string? Requires(string what, KubernetesVersion since) =>
        version >= since ? null : $"{what} requires Kubernetes {since} or newer (compiling for {version})";

    public string? MissingFunctionHint(string function)
    {
        if (OptionalFunctions.Contains(function) && version < OptionalTypesSince)
            return $"function '{function}' of the optional library requires Kubernetes {OptionalTypesSince} or newer (compiling for {version})";
        var later = KubernetesLibraries.All
            .Where(l => l.Since > version && l.Library.Overloads.Any(o => o.Function == function))
            .OrderBy(l => l.Since)
            .FirstOrDefault();
        return later.Library is null ? null
            : $"function '{function}' of the {later.Library.Name} library requires Kubernetes {later.Since} or newer (compiling for {version})";
    }
}

/// <summary>Every feature on; for environments that are not a particular Kubernetes version (conformance tests).</summary>
internal sealed class AllFeatures : IFeatureGate
{
    public static readonly AllFeatures Instance = new();
    public bool HomogeneousAggregateLiterals => false;
    public bool ValidateLiterals => false;
    public bool LeadingDotNamesGlobal => true;
    public string? Check(LanguageFeature feature) => null;
    public string? MissingFunctionHint(string function) => null;
}
