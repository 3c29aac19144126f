using PspReplacement.Profiles;

namespace PspReplacement.Tests.PsaFidelity;

/// <summary>
/// A case on which the product still disagrees with PSA because of a bug not fixed yet (each is listed in
/// /work/briefs/psa-discrepancies.md). The fidelity test asserts the failing set is exactly this table, so fixing the
/// bug without removing its row fails too. Case is "FILE-ID: case name"; the row covers each level from From to To.
/// </summary>
public sealed record KnownDiscrepancy(string Case, IReadOnlyList<ProfileLevel> Levels, PssVersion From, PssVersion To, string Reason)
{
    public IEnumerable<string> Keys()
    {
        foreach (var level in Levels)
            for (var v = From; v <= To; v = new PssVersion(v.Major, v.Minor + 1)) yield return PsaFidelityRun.Key(Case, level, v);
    }
}

public static class KnownDiscrepancies
{
    private static readonly ProfileLevel[] BothLevels = [ProfileLevel.Baseline, ProfileLevel.Restricted];

    // Render's UpdateExemption (src/PspReplacement/Rendering/Autogen/UpdateExemption.cs) re-evaluates a pod UPDATE when
    // terminationGracePeriodSeconds, schedulingGates, nodeSelector or affinity change; PSA's isSignificantPodUpdate only
    // looks at container counts, images and ephemeral containers, so it admits these updates of pods that predate
    // enforcement and we deny them.
    private const string UpdateExemptionTooNarrow =
        "render UpdateExemption treats this mutable field as significant; PSA's isSignificantPodUpdate does not (render owner)";

    // UpdateExemption evaluates every pods/ephemeralcontainers request; PSA only when an ephemeral container is added or
    // changes its image.
    private const string EphemeralAlwaysSignificant =
        "render UpdateExemption evaluates every ephemeralcontainers update; PSA only one that adds or re-images an ephemeral container (render owner)";

    public static readonly IReadOnlyList<KnownDiscrepancy> All =
    [
        new("baseline/podUpdates: terminationGracePeriodSeconds lowered on a violating pod", BothLevels, new(1, 26), new(1, 37), UpdateExemptionTooNarrow),
        new("baseline/podUpdates: scheduling gate removed from a violating pod", BothLevels, new(1, 26), new(1, 37), UpdateExemptionTooNarrow),
        new("baseline/podUpdates: nodeSelector added to a gated violating pod", BothLevels, new(1, 26), new(1, 37), UpdateExemptionTooNarrow),
        new("baseline/podUpdates: ephemeralcontainers update that adds none to a violating pod", BothLevels, new(1, 26), new(1, 37), EphemeralAlwaysSignificant),
    ];
}
