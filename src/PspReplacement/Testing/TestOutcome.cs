namespace PspReplacement.Testing;

/// <summary>One check of pspr test: Suite groups it (a policy or a cluster), Failure says why it failed (null: passed).</summary>
public sealed record TestOutcome(string Suite, string Name, string Location, string? Failure)
{
    public bool Passed => Failure is null;
}
