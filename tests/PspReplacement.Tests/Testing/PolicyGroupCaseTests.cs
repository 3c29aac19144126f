using PspReplacement.Profiles;
using PspReplacement.Testing;
using PspReplacement.Tests.Rendering;

namespace PspReplacement.Tests.Testing;

/// <summary>
/// A fixture case with `policies:` judges those policies together (an upstream test of a policy pspr imports as
/// several rules): a deny case passes when one of them denies, an allow case when none does; other policies do not count.
/// </summary>
public sealed class PolicyGroupCaseTests : IDisposable
{
    private readonly RenderTestRepo repo = new(realProfiles: true);

    public void Dispose() => repo.Dispose();

    // Drops every capability but allows privilege escalation: only privilege-escalation denies it.
    private const string EscalatingPod =
        "{apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}, " +
        "containers: [{name: c, image: x, securityContext: {allowPrivilegeEscalation: true, capabilities: {drop: [ALL]}}}]}}";

    private List<TestOutcome> Run(string cases)
    {
        var tests = Path.Combine(repo.Root, "profiles", "restricted", "capabilities-restricted", "tests.yaml");
        File.WriteAllText(tests, "cases:\n" + cases);
        var library = PolicyLibraryLoader.Load(Path.Combine(repo.Root, "profiles"));
        var runner = new FixtureRunner(library);
        var (policy, file) = runner.Fixtures().Single(f => f.Policy.Name == "capabilities-restricted");
        return runner.Run(policy, file).ToList();
    }

    [Fact]
    public void A_deny_case_passes_when_one_of_the_policies_denies_in_the_pod_and_every_controller_form()
    {
        var outcomes = Run($"""
              - name: escalation
                expect: deny
                message: "ValidatingAdmissionPolicy 'privilege-escalation"
                policies: [capabilities-restricted, privilege-escalation]
                object: {EscalatingPod}
            """);
        Assert.Contains(outcomes, o => o.Name.Contains("Deployment", StringComparison.Ordinal));
        Assert.All(outcomes, o => Assert.True(o.Passed, $"{o.Name}: {o.Failure}"));
    }

    [Fact]
    public void Policies_outside_the_group_do_not_count()
    {
        // Without the group the same case is the policy's own, and capabilities-restricted admits the pod.
        var outcomes = Run($"""
              - name: escalation
                expect: deny
                message: "ValidatingAdmissionPolicy 'privilege-escalation"
                object: {EscalatingPod}
            """);
        Assert.NotEmpty(outcomes);
        Assert.All(outcomes, o => Assert.Contains("but it was admitted", o.Failure));

        var allow = Run($"""
              - name: escalation
                expect: allow
                policies: [capabilities-restricted, privilege-escalation]
                object: {EscalatingPod}
            """);
        Assert.NotEmpty(allow);
        Assert.All(allow, o =>
        {
            Assert.StartsWith("expected one of the policies capabilities-restricted, privilege-escalation ", o.Failure);
            Assert.Contains("to admit it, but: ValidatingAdmissionPolicy 'privilege-escalation", o.Failure);
        });
    }

    [Fact]
    public void A_policy_the_library_does_not_have_fails_the_case()
    {
        var outcome = Assert.Single(Run($"""
              - name: escalation
                expect: deny
                message: x
                policies: [capabilities-restricted, no-such-policy]
                object: {EscalatingPod}
            """));
        Assert.Contains("'no-such-policy', which is not in the library", outcome.Failure);
    }

    [Theory]
    [InlineData("policies: []", "policies must be a non-empty list")]
    [InlineData("policies: capabilities-restricted", "policies must be a non-empty list")]
    public void Policies_must_be_a_list_of_names(string field, string expected)
    {
        var path = Path.Combine(repo.Root, "tests.yaml");
        File.WriteAllText(path, $"cases:\n  - name: a\n    expect: allow\n    {field}\n    object: {EscalatingPod}\n");
        Assert.Contains(expected, Assert.Throws<InvalidInputException>(() => TestFileReader.Read(path, scenario: false)).Message);
    }

    [Fact]
    public void A_scenario_cannot_name_policies()
    {
        var path = Path.Combine(repo.Root, "scenario.yaml");
        File.WriteAllText(path, $"cluster: c1\ncases:\n  - name: a\n    expect: allow\n    policies: [capabilities-restricted]\n    object: {EscalatingPod}\n");
        Assert.Contains("policies is for policy fixtures", Assert.Throws<InvalidInputException>(() => TestFileReader.Read(path, scenario: true)).Message);
    }
}
