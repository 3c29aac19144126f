using PspReplacement.Profiles;

namespace PspReplacement.Tests.Pss;

/// <summary>Every fixture beside every policy of the library, admitted by the admission engine against the policy variant of each PSS range it covers.</summary>
public class PssFixtureTests
{
    public static TheoryData<string> PolicyNames()
    {
        var data = new TheoryData<string>();
        foreach (var p in PssLibrary.Library.Policies) data.Add(p.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(PolicyNames))]
    public void Fixtures_pass_at_every_variant_they_cover(string policyName)
    {
        var policy = PssLibrary.Policy(policyName);
        var failures = new List<string>();
        var ran = 0;
        foreach (var fixture in PssLibrary.Fixtures[policyName])
        {
            var covered = false;
            foreach (var variant in policy.Variants)
            {
                if (fixture.Overlap(variant) is null) continue;
                covered = true;
                if (PssAdmission.RunVersion(fixture, variant) is not { } version) continue;
                ran++;
                var denials = PssAdmission.Denials(PssAdmission.Single(policy, variant), fixture);
                if (fixture.ExpectDeny)
                {
                    if (denials.Count == 0) failures.Add($"{fixture.Name} @ {version}: expected a denial, was allowed");
                    else if (!denials.Any(d => d.Message.Contains(fixture.Message!, StringComparison.Ordinal)))
                        failures.Add($"{fixture.Name} @ {version}: expected message fragment «{fixture.Message}», got «{string.Join(" | ", denials.Select(d => d.Message))}»");
                }
                else if (denials.Count > 0)
                    failures.Add($"{fixture.Name} @ {version}: expected allow, denied: {string.Join(" | ", denials.Select(d => d.Message))}");
            }
            if (!covered) failures.Add($"{fixture.Name}: covers no version of the policy");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(ran > 0, $"{policyName}: no fixture ran");
    }
}
