using PspReplacement.Admission;

namespace PspReplacement.Cli.Output;

/// <summary>
/// check as JUnit: one test case per object and policy that evaluated it (failed when that policy denies; warnings
/// and audits pass), one per object no policy matched (passes, named so), and one failed case per object the
/// apiserver refuses before admission. Cases are compact, not the objects.
/// </summary>
public sealed class JunitReportWriter(TextWriter output) : ICheckReportWriter
{
    private readonly List<JunitCase> _cases = [];

    public void Write(CheckedObject result)
    {
        var o = result.Object;
        var className = $"{o.Location.Source}:{o.Location.Line}";
        var what = result.Namespace.Length > 0 ? $"{o.Kind} {result.Namespace}/{o.Name}" : $"{o.Kind} {o.Name}";
        var v = result.Verdict;
        if (result.Status == CheckStatus.Invalid) { _cases.Add(new JunitCase(className, $"{what}: invalid", result.Invalid, $"{result.InvalidWhere}: {result.Invalid}")); return; }
        if (result.Status == CheckStatus.NotMatched) { _cases.Add(new JunitCase(className, $"{what}: not matched by any policy", null)); return; }
        var policies = v.EvaluatedPolicies.Concat(v.Violations.Select(x => x.Policy)).Distinct().Order(StringComparer.Ordinal);
        foreach (var policy in policies)
        {
            var denials = v.Violations.Where(x => x.Policy == policy && x.Denies).Select(x => x.Message).ToList();
            _cases.Add(new JunitCase(className, $"{what}: {policy}", denials.Count == 0 ? null : denials[0], string.Join("\n", denials)));
        }
    }

    public void Complete(CheckSummary summary) => JunitXml.Write(output, "pspr check", _cases);
}
