using PspReplacement.Profiles;

namespace PspReplacement.Tests.Profiles.PsaFidelity;

/// <summary>
/// A case on which the product still disagrees with PSA because of a bug not fixed yet, with the reason. The fidelity
/// test asserts the failing set is exactly this table, so a new disagreement fails until it is fixed or listed here, and
/// fixing a listed one fails until its row is removed. Case is "FILE-ID: case name"; the row covers each level from
/// From to To.
/// </summary>
public sealed record KnownDiscrepancy(string Case, IReadOnlyList<Profile> Levels, PssVersion From, PssVersion To, string Reason)
{
    public IEnumerable<string> Keys()
    {
        foreach (var level in Levels)
            for (var v = From; v <= To; v = new PssVersion(v.Major, v.Minor + 1)) yield return PsaFidelityRun.Key(Case, level, v);
    }
}

public static class KnownDiscrepancies
{
    /// <summary>None: every corpus case gets PSA's verdict at every level and PSS version it covers.</summary>
    public static readonly IReadOnlyList<KnownDiscrepancy> All = [];
}
