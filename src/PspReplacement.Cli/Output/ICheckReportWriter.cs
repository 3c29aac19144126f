using PspReplacement.Admission;

namespace PspReplacement.Cli.Output;

/// <summary>One output format of pspr check: verdicts arrive in input order, then the summary once.</summary>
public interface ICheckReportWriter
{
    void Write(CheckedObject result);
    void Complete(CheckSummary summary);
}

public static class CheckReportWriters
{
    public static readonly string[] Formats = ["text", "json", "junit", "policy-report"];

    /// <param name="quiet">Text only: leave out what passed (admitted, not matched); denials, invalid objects and the summary stay.</param>
    /// <param name="namespaces">Text only: how values configure a namespace (null for none), said once where it first has a denial.</param>
    public static ICheckReportWriter Create(string format, TextWriter output, bool colour, bool quiet = false, Func<string, string?>? namespaces = null) => format switch
    {
        "text" => new TextReportWriter(output, colour, quiet, namespaces),
        "json" => new JsonReportWriter(output),
        "junit" => new JunitReportWriter(output),
        "policy-report" => new PolicyReportWriter(output),
        _ => throw new InvalidInputException($"-o {format}: unknown output format; use one of {string.Join(", ", Formats)}"),
    };
}
