namespace PspReplacement.Admission;

/// <summary>What became of one checked object.</summary>
public enum CheckStatus
{
    /// <summary>Some policy evaluated it and none denied (warnings and audits may remain).</summary>
    Admitted,
    /// <summary>A binding with Deny failed it: the apiserver rejects the request.</summary>
    Denied,
    /// <summary>No binding matched it, so no policy ran.</summary>
    NotMatched,
    /// <summary>The apiserver refuses the object before any policy sees it (decoding or validation).</summary>
    Invalid,
}

/// <summary>Counts for the end of a check, kept as results stream by. Problems are input that could not be read as objects.</summary>
public sealed record CheckSummary(int Admitted, int Denied, int NotMatched, int Problems, int Invalid = 0)
{
    public int Objects => Admitted + Denied + NotMatched + Invalid;

    public CheckSummary Add(CheckEntry entry) => entry.Result?.Status switch
    {
        null => this with { Problems = Problems + 1 },
        CheckStatus.Admitted => this with { Admitted = Admitted + 1 },
        CheckStatus.Denied => this with { Denied = Denied + 1 },
        CheckStatus.NotMatched => this with { NotMatched = NotMatched + 1 },
        _ => this with { Invalid = Invalid + 1 },
    };

    public static readonly CheckSummary Empty = new(0, 0, 0, 0);
}
