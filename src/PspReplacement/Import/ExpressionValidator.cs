using k8s.Models;
using PspReplacement.Cel;
using PspReplacement.Vap;

namespace PspReplacement.Import;

/// <summary>
/// Compiles every expression of an imported spec as the apiserver of the target Kubernetes version would, so a policy
/// it would reject (unknown function, Kyverno-only library, syntax) is reported, not written.
/// </summary>
internal sealed class ExpressionValidator(KubernetesVersion version)
{
    public KubernetesVersion Version => version;

    /// <summary>Every expression that does not compile, described with where it is in the spec.</summary>
    public IReadOnlyList<string> Check(V1ValidatingAdmissionPolicySpec spec)
    {
        var problems = new List<string>();
        foreach (var name in (spec.MatchConditions ?? []).Select(c => c.Name).Concat((spec.Variables ?? []).Select(v => v.Name)))
            if (string.IsNullOrWhiteSpace(name)) problems.Add("a matchCondition or variable has no name; the API server requires one");
        foreach (var failed in VapCompiler.CompileAll(spec, version).Where(c => c.Program is null))
            problems.Add($"{failed.Source.Describe()} {OneLine(failed.Problem!)}");
        return problems;
    }

    // The engine's message repeats the expression with a caret below it; the report keeps the first line, which has the position.
    private static string OneLine(string message) => message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? message;
}
