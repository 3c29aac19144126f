using PspReplacement.Admission;
using PspReplacement.Manifests;
using PspReplacement.Testing;

namespace PspReplacement.Tests.Testing;

public class TestFileReaderTests
{
    private static string Write(string text)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("pspr-tests-").FullName, "tests.yaml");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void A_deny_case_without_message_is_bad_input_naming_file_and_line()
    {
        var path = Write("""
            cases:
              - name: fine
                expect: allow
                object: {apiVersion: v1, kind: Pod, metadata: {name: a}}
              - name: vague
                expect: deny
                object: {apiVersion: v1, kind: Pod, metadata: {name: b}}
            """);
        var e = Assert.Throws<InvalidInputException>(() => TestFileReader.Read(path, scenario: false));
        var problem = Assert.Single(e.Problems);
        Assert.StartsWith($"{path}:5:5: case 'vague' expects a denial but names no message", problem);
    }

    [Fact]
    public void Cases_carry_versions_operation_and_objects()
    {
        var path = Write("""
            cases:
              - name: update
                expect: deny
                message: nope
                pssVersions: {min: v1.25, max: v1.30}
                operation: UPDATE
                subResource: ephemeralcontainers
                object: {apiVersion: v1, kind: Pod, metadata: {name: a}}
                oldObject: {apiVersion: v1, kind: Pod, metadata: {name: a}}
            """);
        var c = Assert.Single(TestFileReader.Read(path, scenario: false).Cases);
        Assert.True(c.ExpectDeny);
        Assert.Equal(("UPDATE", "ephemeralcontainers"), (c.Operation, c.SubResource));
        Assert.True(c.Covers(new(1, 25)) && c.Covers(new(1, 30)) && !c.Covers(new(1, 24)) && !c.Covers(new(1, 31)));
        Assert.NotNull(c.OldObject);
    }

    [Theory]
    [InlineData("expect: maybe", "expect must be allow or deny")]
    [InlineData("expect: allow\n    operation: DELETE", "operation must be CREATE or UPDATE")]
    [InlineData("expect: allow\n    colour: red", "unknown field 'colour'")]
    [InlineData("expect: allow\n    operation: UPDATE", "an UPDATE needs oldObject")]
    [InlineData("expect: allow\n    pssVersions: {min: 1.25}", "is not a PSS version")]
    public void Mistakes_in_a_case_are_reported(string fields, string expected)
    {
        var path = Write($"cases:\n  - name: c\n    {fields}\n    object: {{apiVersion: v1, kind: Pod}}\n");
        Assert.Contains(expected, Assert.Throws<InvalidInputException>(() => TestFileReader.Read(path, scenario: false)).Message);
    }

    [Fact]
    public void A_scenario_file_needs_its_cluster()
    {
        var path = Write("cases:\n  - {name: c, expect: allow, object: {apiVersion: v1, kind: Pod}}\n");
        Assert.Contains("a scenario file needs 'cluster: NAME'", Assert.Throws<InvalidInputException>(() => TestFileReader.Read(path, scenario: true)).Message);
    }
}

public class CaseJudgementTests
{
    private static TestCase Case(bool deny, string? message) => new("c", deny, message, null, null, "CREATE", "", null, null,
        new ManifestObject(new ManifestLocation("t.yaml", 0, 1, 1), new() { ["apiVersion"] = "v1", ["kind"] = "Pod" }), null, new ManifestLocation("t.yaml", 0, 1, 1));

    private static AdmissionVerdict Denied(string policy, string message) =>
        new(true, [policy], [new PolicyViolation(policy, policy, ["Deny"], $"ValidatingAdmissionPolicy '{policy}' with binding '{policy}' denied request: {message}", message, "Invalid", 0)], [], new Dictionary<string, string>());

    [Fact]
    public void A_deny_case_passes_only_on_a_denial_by_the_policy_under_test_with_the_message()
    {
        Assert.Null(CaseEvaluator.Judge(Case(true, "privileged"), Denied("p", "no privileged containers"), n => n == "p", "policy 'p'"));
        Assert.Contains("but it said", CaseEvaluator.Judge(Case(true, "hostPath"), Denied("p", "no privileged containers"), n => n == "p", "policy 'p'"));
        Assert.Contains("other policies denied", CaseEvaluator.Judge(Case(true, "privileged"), Denied("q", "no privileged containers"), n => n == "p", "policy 'p'"));
    }

    [Fact]
    public void An_allow_case_fails_on_a_denial_by_the_policy_under_test_only()
    {
        Assert.Null(CaseEvaluator.Judge(Case(false, null), Denied("q", "x"), n => n == "p", "policy 'p'"));
        Assert.Contains("expected policy 'p' to admit it", CaseEvaluator.Judge(Case(false, null), Denied("p", "x"), n => n == "p", "policy 'p'"));
    }

    [Fact]
    public void A_warning_is_not_a_denial()
    {
        var warned = new AdmissionVerdict(true, ["p"], [new PolicyViolation("p", "p", ["Warn"], "w", "w", "Invalid", 0)], ["w"], new Dictionary<string, string>());
        Assert.Null(CaseEvaluator.Judge(Case(false, null), warned, null, "cluster"));
        Assert.NotNull(CaseEvaluator.Judge(Case(true, "w"), warned, null, "cluster"));
    }
}
