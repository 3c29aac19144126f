using PspReplacement.Config;
using PspReplacement.Rendering.Autogen;
using PspReplacement.Rendering.Review;
using PspReplacement.Vap;

namespace PspReplacement.Tests.Vap;

public class ValidationActionsTests
{
    [Theory]
    [InlineData("Audit")]
    [InlineData("Warn,Audit")]
    [InlineData("Deny,Audit")]
    [InlineData("Deny")]
    public void Rollout_stages_are_accepted(string actions) => Assert.Empty(ValidationActions.Problems(actions.Split(','), "here"));

    [Fact]
    public void Deny_with_warn_is_refused_like_the_apiserver_does()
    {
        var problem = Assert.Single(ValidationActions.Problems(["Deny", "Warn", "Audit"], "values/eqiad.yaml:4:3"));
        Assert.StartsWith("values/eqiad.yaml:4:3: ", problem);
        Assert.Contains("[Deny, Warn]", problem);
    }

    [Fact]
    public void Empty_unknown_and_duplicate_actions_are_refused()
    {
        Assert.Single(ValidationActions.Problems([], "x"));
        Assert.Contains("'deny'", Assert.Single(ValidationActions.Problems(["deny"], "x")));
        Assert.Contains("twice", Assert.Single(ValidationActions.Problems(["Audit", "Audit"], "x")));
    }

    [Fact]
    public void Controller_actions_follow_the_mode()
    {
        Assert.Empty(ControllerActions.For(ControllerMode.Off, ["Deny", "Audit"]));
        Assert.Equal(["Deny", "Audit"], ControllerActions.For(ControllerMode.Same, ["Deny", "Audit"]));
        Assert.Equal(["Warn", "Audit"], ControllerActions.For(ControllerMode.Warn, ["Deny", "Audit"]));
        Assert.Equal(["Warn", "Audit"], ControllerActions.For(ControllerMode.Warn, ["Deny"]));
        Assert.Equal(["Warn", "Audit"], ControllerActions.For(ControllerMode.Warn, ["Warn", "Audit"]));
        Assert.Equal(["Audit"], ControllerActions.For(ControllerMode.Warn, ["Audit"]));
    }

    [Fact]
    public void Rollout_report_lists_policies_not_yet_denying_sorted()
    {
        var lines = RolloutReport.NotYetDenying("eqiad", [
            new("seccomp", "all namespaces", ["Warn", "Audit"]),
            new("host-pid", "all namespaces", ["Deny", "Audit"]),
            new("capabilities", "namespaces mw-web", ["Audit"]),
            new("off-controllers", "all namespaces", []),
        ]);
        Assert.Equal([
            "cluster eqiad: policy capabilities is not denying yet in namespaces mw-web: [Audit]",
            "cluster eqiad: policy seccomp is not denying yet in all namespaces: [Warn, Audit]",
        ], lines);
        Assert.Equal(["cluster eqiad: every policy denies"], RolloutReport.NotYetDenying("eqiad", [new("host-pid", "all namespaces", ["Deny"])]));
    }
}
