using PspReplacement.Admission;

namespace PspReplacement.Cli.Output;

/// <summary>
/// For people reading a CI log: one header line per object (where, what, verdict), then one line per violation with
/// policy, actions and the apiserver's message, then warnings; a summary at the end. Colour only on a terminal.
/// </summary>
public sealed class TextReportWriter(TextWriter output, bool colour, bool quiet = false, Func<string, string?>? namespaces = null) : ICheckReportWriter
{
    private bool _notedImplicitNamespace;
    private readonly HashSet<string> _describedNamespaces = new(StringComparer.Ordinal);

    private string Paint(string text, string code) => colour ? $"\u001b[{code}m{text}\u001b[0m" : text;

    public void Write(CheckedObject result)
    {
        if (quiet && result.Status is CheckStatus.Admitted or CheckStatus.NotMatched && result.Verdict.Violations.Count == 0) return;
        var o = result.Object;
        var name = o.Name.Length > 0 ? o.Name : o.GenerateName + "*";
        var where = $"{o.Location.Source}:{o.Location.Line}";
        var what = result.Namespace.Length > 0 ? $"{o.Kind} {result.Namespace}/{name}" : $"{o.Kind} {name}";
        var v = result.Verdict;
        if (result.Status == CheckStatus.Invalid)
        {
            var fix = result.InvalidFix.Length > 0 ? $"; {result.InvalidFix}" : "";
            output.Write($"{where} {what}: {Paint("INVALID", "1;31")} (the apiserver refuses it before admission)\n  {result.InvalidWhere}: {result.Invalid}{fix}\n");
            foreach (var warning in result.AllWarnings) output.Write($"  warning: {warning}\n");
            return;
        }
        var status = result.Status switch
        {
            CheckStatus.NotMatched => Paint("not matched", "2"),
            CheckStatus.Denied => Paint("DENIED", "1;31"),
            _ => v.Violations.Count > 0 ? Paint("admitted with warnings", "33") : Paint("admitted", "32"),
        };
        var evaluated = v.Matched ? $" ({v.EvaluatedPolicies.Count} {(v.EvaluatedPolicies.Count == 1 ? "policy" : "policies")})" : "";
        output.Write($"{where} {what}: {status}{evaluated}\n");
        // helm template leaves metadata.namespace out unless the chart writes it; say once where such objects went.
        if (!_notedImplicitNamespace && result.Namespace.Length > 0 && string.IsNullOrEmpty(o.Metadata?.GetValueOrDefault("namespace") as string))
        {
            _notedImplicitNamespace = true;
            output.Write($"  note: objects whose manifest names no namespace are checked in {result.Namespace} (the one -n gives, else default, as kubectl would install them)\n");
        }
        // Where a denial first shows in a namespace, what values make of that namespace, so the fix is clear.
        if (result.Status == CheckStatus.Denied && result.Namespace.Length > 0 && namespaces?.Invoke(result.Namespace) is { } summary && _describedNamespaces.Add(result.Namespace))
            output.Write($"  namespace {result.Namespace}: {summary}\n");
        // An add-back's policy is named for the rule it relaxes, so a reader sees which PSS rule failed.
        foreach (var violation in v.Violations)
            output.Write(violation.Relaxes is { } relaxes
                ? $"  {Paint(relaxes.Rule, "1")}, as relaxed by {relaxes.AddBack} (policy {violation.Policy}) [{string.Join(", ", violation.Actions)}]: {violation.Message}\n"
                : $"  {Paint(violation.Policy, "1")} [{string.Join(", ", violation.Actions)}]: {violation.Message}\n");
        foreach (var warning in result.AllWarnings.Concat(v.Warnings.Where(w => !v.Violations.Any(x => x.Message == w))))
            output.Write($"  warning: {warning}\n");
    }

    public void Complete(CheckSummary s)
    {
        var invalid = s.Invalid > 0 ? $", {s.Invalid} invalid" : "";
        var problems = s.Problems > 0 ? $", {s.Problems} unreadable" : "";
        output.Write($"{s.Objects} objects: {s.Admitted} admitted, {s.Denied} denied, {s.NotMatched} not matched{invalid}{problems}\n");
        output.Flush();
    }
}
