namespace PspReplacement;

/// <summary>
/// Bad input from the user (files, values, flags). Each problem is one line that says what is wrong, where
/// (file:line:column where known) and what to do. The CLI prints them without a stack trace and exits 2.
/// </summary>
public sealed class InvalidInputException : Exception
{
    public InvalidInputException(IReadOnlyList<string> problems)
        : base(problems.Count == 1 ? problems[0] : $"{problems.Count} problems:{System.Environment.NewLine}{string.Join(System.Environment.NewLine, problems)}")
        => Problems = problems;

    public InvalidInputException(string problem) : this([problem]) { }

    public IReadOnlyList<string> Problems { get; }
}
