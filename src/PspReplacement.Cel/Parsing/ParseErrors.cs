namespace PspReplacement.Cel.Parsing;

/// <summary>Collects the problems found while parsing, worded like cel-go, and turns them into one CelCompileException.</summary>
internal sealed class ParseErrors(SourceText source)
{
    /// <summary>cel-go reports at most this many errors and says how many more there were.</summary>
    public const int MaxReported = 100;

    private readonly List<CelIssue> _issues = [];

    public int Count => _issues.Count;
    public SourceText Source => source;

    public void Report(int offset, string message)
    {
        var p = source.PositionOf(offset);
        _issues.Add(new CelIssue(message, p.Line, p.Column, offset));
    }

    public void ReportSyntax(int offset, string message) => Report(offset, "Syntax error: " + message);

    /// <summary>A problem with no place in the text (limits), shown at -1:0 as cel-go does.</summary>
    public void ReportGlobal(string message) => _issues.Add(new CelIssue(message, -1, 0, -1));

    public CelCompileException ToException(string description = "<input>")
    {
        // cel-go sorts by location (stable), so lexer and parser errors interleave by position.
        var sorted = _issues.Select((issue, i) => (issue, i))
            .OrderBy(x => x.issue.Line).ThenBy(x => x.issue.Column).ThenBy(x => x.i)
            .Select(x => x.issue).ToList();
        var shown = sorted.Take(MaxReported).ToList();
        var text = string.Join("\n", shown.Select(issue => source.Display(issue, description)));
        if (sorted.Count > MaxReported) text += $"\n{sorted.Count - MaxReported} more errors were truncated.";
        return new CelCompileException(source.Text, sorted, text);
    }
}
