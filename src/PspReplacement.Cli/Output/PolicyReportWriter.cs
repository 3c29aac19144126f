using PspReplacement.Admission;
using YamlDotNet.Serialization;

namespace PspReplacement.Cli.Output;

/// <summary>
/// check as wgpolicyk8s.io/v1alpha2 reports, the way Kyverno and policy-reporter shape them: a PolicyReport per
/// namespace and a ClusterPolicyReport for cluster-scoped objects; one result per object and policy
/// (pass, fail for Deny, warn for Warn/Audit only), and an error result for an object the apiserver refuses before
/// admission; summary counts. Sorted; no timestamps.
/// </summary>
public sealed class PolicyReportWriter(TextWriter output) : ICheckReportWriter
{
    private sealed record Row(string Policy, string Binding, string Result, string Message, string ApiVersion, string Kind, string Namespace, string Name, string Actions);

    private readonly List<Row> _rows = [];

    public void Write(CheckedObject r)
    {
        var o = r.Object;
        var v = r.Verdict;
        if (r.Status == CheckStatus.Invalid) { _rows.Add(new Row("apiserver", "", "error", r.Invalid!, o.ApiVersion, o.Kind, r.Namespace, o.Name, "")); return; }
        foreach (var policy in v.EvaluatedPolicies.Concat(v.Violations.Select(x => x.Policy)).Distinct())
        {
            var violations = v.Violations.Where(x => x.Policy == policy).ToList();
            if (violations.Count == 0) { _rows.Add(new Row(policy, "", "pass", "validation rule passed", o.ApiVersion, o.Kind, r.Namespace, o.Name, "")); continue; }
            foreach (var x in violations)
                _rows.Add(new Row(policy, x.Binding, x.Denies ? "fail" : "warn", x.PolicyMessage, o.ApiVersion, o.Kind, r.Namespace, o.Name, string.Join(",", x.Actions)));
        }
    }

    public void Complete(CheckSummary summary)
    {
        var serializer = new SerializerBuilder().DisableAliases().Build();
        var first = true;
        foreach (var group in _rows.GroupBy(r => r.Namespace).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var clusterScoped = group.Key.Length == 0;
            var metadata = new Dictionary<string, object> { ["name"] = clusterScoped ? "pspr-check" : $"pspr-check-{group.Key}" };
            if (!clusterScoped) metadata["namespace"] = group.Key;
            metadata["labels"] = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "pspr" };
            var rows = group.OrderBy(r => r.Policy, StringComparer.Ordinal).ThenBy(r => r.Kind, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.Binding, StringComparer.Ordinal).ToList();
            var report = new Dictionary<string, object>
            {
                ["apiVersion"] = "wgpolicyk8s.io/v1alpha2",
                ["kind"] = clusterScoped ? "ClusterPolicyReport" : "PolicyReport",
                ["metadata"] = metadata,
                ["scope"] = null!,
                ["results"] = rows.Select(Result).ToList(),
                ["summary"] = new Dictionary<string, int>
                {
                    ["pass"] = rows.Count(r => r.Result == "pass"), ["fail"] = rows.Count(r => r.Result == "fail"),
                    ["warn"] = rows.Count(r => r.Result == "warn"), ["error"] = rows.Count(r => r.Result == "error"), ["skip"] = 0,
                },
            };
            report.Remove("scope");
            if (!first) output.Write("---\n");
            first = false;
            output.Write(serializer.Serialize(report).Replace("\r\n", "\n"));
        }
        output.Flush();
    }

    private static Dictionary<string, object> Result(Row r)
    {
        var resource = new Dictionary<string, string> { ["apiVersion"] = r.ApiVersion, ["kind"] = r.Kind, ["name"] = r.Name };
        if (r.Namespace.Length > 0) resource["namespace"] = r.Namespace;
        var result = new Dictionary<string, object>
        {
            ["source"] = "ValidatingAdmissionPolicy",
            ["policy"] = r.Policy,
            ["rule"] = r.Binding.Length > 0 ? r.Binding : r.Policy,
            ["result"] = r.Result,
            ["message"] = r.Message,
            ["scored"] = true,
            ["category"] = "Pod Security Standards",
            ["resources"] = new[] { resource },
        };
        if (r.Binding.Length > 0) result["properties"] = new Dictionary<string, string> { ["binding"] = r.Binding, ["validationActions"] = r.Actions };
        return result;
    }
}
