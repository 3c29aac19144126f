namespace PspReplacement.Cli;

/// <summary>Exit statuses every command shares (documented in the README).</summary>
public static class ExitCodes
{
    /// <summary>Success: nothing to report.</summary>
    public const int Ok = 0;
    /// <summary>The command ran and found problems: drift, denials, failed fixtures, skipped imports.</summary>
    public const int Problems = 1;
    /// <summary>Invalid input or usage: unreadable or invalid files, unknown names, bad flags.</summary>
    public const int InvalidInput = 2;
}
