using PspReplacement.Admission;
using PspReplacement.Manifests;

namespace PspReplacement.Testing;

/// <summary>Admits a test case's object against a setup and judges the verdict against what the case expects.</summary>
internal static class CaseEvaluator
{
    /// <summary>The verdict on the case's object as the setup's apiserver decodes and admits it; an object it refuses fails the case.</summary>
    public static AdmissionResult Admit(AdmissionSetup setup, TestCase c, ManifestObject obj, ManifestObject? old)
    {
        var groups = new List<string>(c.Groups) { "system:authenticated" };
        var options = new RequestOptions(c.Operation, c.SubResource, new UserInfo(c.User ?? "", groups), c.Namespace);
        return setup.Admit(obj, old, options);
    }

    /// <summary>Null when the verdict is what the case expects; else why not. policies: whose violations count (null: any).</summary>
    public static string? Judge(TestCase c, AdmissionResult result, Func<string, bool>? policies, string what) =>
        result.Verdict is { } verdict
            ? Judge(c, verdict, policies, what)
            : $"the apiserver refuses the object before admission ({result.Invalid}); fix the case's object";

    public static string? Judge(TestCase c, AdmissionVerdict verdict, Func<string, bool>? policies, string what)
    {
        var relevant = verdict.Violations.Where(v => policies is null || policies(v.Policy)).ToList();
        var denials = relevant.Where(v => v.Denies).Select(v => v.Message).ToList();
        if (!c.ExpectDeny)
            return denials.Count == 0 ? null : $"expected {what} to admit it, but: {string.Join(" | ", denials)}";
        if (denials.Count == 0)
        {
            var other = verdict.Violations.Where(v => v.Denies).Select(v => v.Message).ToList();
            return $"expected {what} to deny it with a message containing \"{c.Message}\", but it was admitted" +
                   (other.Count > 0 ? $" (other policies denied: {string.Join(" | ", other)})" : !verdict.Matched ? " (no policy matched it)" : "");
        }
        return denials.Any(d => d.Contains(c.Message!, StringComparison.Ordinal))
            ? null
            : $"expected {what} to deny it with a message containing \"{c.Message}\", but it said: {string.Join(" | ", denials)}";
    }
}
