using PspReplacement.Profiles;

namespace PspReplacement.Tests.PsaFidelity;

/// <summary>
/// A case on which the library still disagrees with PSA because of a policy bug not fixed yet (each is listed in
/// /work/briefs/psa-discrepancies.md). The fidelity test asserts the failing set is exactly this table, so fixing a
/// policy without removing its row fails too. Case is "FILE-ID: case name".
/// </summary>
public sealed record KnownDiscrepancy(string Case, ProfileLevel Level, PssVersion From, PssVersion To, string Reason)
{
    public IEnumerable<string> Keys()
    {
        for (var v = From; v <= To; v = new PssVersion(v.Major, v.Minor + 1)) yield return PsaFidelityRun.Key(Case, Level, v);
    }
}

public static class KnownDiscrepancies
{
    public static readonly IReadOnlyList<KnownDiscrepancy> All =
    [
    ];
}
