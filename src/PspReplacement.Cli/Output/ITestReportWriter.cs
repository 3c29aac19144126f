using PspReplacement.Profiles;
using PspReplacement.Testing;

namespace PspReplacement.Cli.Output;

/// <summary>One output of pspr test: the policies without fixtures first, then each suite's outcomes in order, then the end once.</summary>
public interface ITestReportWriter
{
    void Unfixtured(PolicyDefinition policy);
    void Suite(IReadOnlyList<TestOutcome> outcomes);
    void Complete();
}

/// <summary>The console report: a line per suite, the failed checks (or every check with --verbose), the totals.</summary>
public sealed class TextTestReportWriter(TextWriter output, bool verbose) : ITestReportWriter
{
    private int _passed, _failed;

    public void Unfixtured(PolicyDefinition policy) =>
        output.Write($"warn {policy.ProfileName}/{policy.Name} (no fixtures: add {Path.Combine(Path.GetDirectoryName(policy.SourcePath) ?? ".", "tests.yaml")} with allow and deny cases)\n");

    public void Suite(IReadOnlyList<TestOutcome> suite)
    {
        var failed = suite.Where(r => !r.Passed).ToList();
        _failed += failed.Count;
        _passed += suite.Count - failed.Count;
        output.Write($"{(failed.Count == 0 ? "ok  " : "FAIL")} {suite[0].Suite} ({suite.Count} checks{(failed.Count > 0 ? $", {failed.Count} failed" : "")})\n");
        foreach (var r in verbose ? suite : failed)
            output.Write(r.Passed ? $"       pass {r.Name}\n" : $"       FAIL {r.Name}\n            at {r.Location}\n            {r.Failure}\n");
    }

    public void Complete()
    {
        output.Write($"{_passed} passed, {_failed} failed\n");
        output.Flush();
    }
}

/// <summary>JSON on standard output (-o json): every suite with its checks, the policies without fixtures, and the counts.</summary>
public sealed class JsonTestReportWriter(TextWriter output) : ITestReportWriter
{
    private readonly List<object> _suites = [];
    private readonly List<string> _unfixtured = [];

    public void Unfixtured(PolicyDefinition policy) => _unfixtured.Add(policy.Name);

    public void Suite(IReadOnlyList<TestOutcome> outcomes) =>
        _suites.Add(new { name = outcomes[0].Suite, checks = outcomes.Select(o => new { name = o.Name, location = o.Location, passed = o.Passed, failure = o.Failure }) });

    public void Complete()
    {
        output.Write(CliJson.Serialize(new { suites = _suites, unfixtured = _unfixtured }));
        output.Flush();
    }
}

/// <summary>JUnit XML for merge-request widgets (--junit FILE, or -o junit on standard output): one test case per check.</summary>
public sealed class JunitTestReportWriter(string? path) : ITestReportWriter
{
    private readonly List<JunitCase> _cases = [];

    public void Unfixtured(PolicyDefinition policy) { }

    public void Suite(IReadOnlyList<TestOutcome> outcomes) =>
        _cases.AddRange(outcomes.Select(r => new JunitCase(r.Suite, r.Name, r.Failure, r.Failure is null ? null : $"{r.Location}: {r.Failure}")));

    public void Complete()
    {
        if (path is null)
        {
            JunitXml.Write(Console.Out, "pspr test", _cases);
            return;
        }
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        using var file = new StreamWriter(path, false, new System.Text.UTF8Encoding(false)) { NewLine = "\n" };
        JunitXml.Write(file, "pspr test", _cases);
    }
}
