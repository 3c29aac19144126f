using static PspReplacement.Tests.Admission.AdmissionKit;

namespace PspReplacement.Tests.Admission;

/// <summary>
/// authorizer and authorizer.requestResource are bound to the CEL library's offline values: an authorization check is an
/// evaluation error saying no cluster can be asked, handled per failurePolicy (never an unbound-variable error, never a
/// made-up decision).
/// </summary>
public class OfflineAuthorizerTests
{
    private static string Policy(string failurePolicy, string expression) => PodPolicy("authz") + $"""
          failurePolicy: {failurePolicy}
          validations:
            - expression: "{expression}"
        """;

    [Theory]
    [InlineData("authorizer.group('').resource('pods').check('get').allowed()", "group(\"\")")]
    [InlineData("authorizer.requestResource.check('update').allowed()", "check(\"update\")")]
    [InlineData("authorizer.serviceAccount('web', 'app').resource('pods').check('get').allowed()", "serviceAccount(\"web\", \"app\")")]
    public void An_authorization_check_denies_with_the_offline_message_under_Fail(string expression, string call)
    {
        var verdict = Admit(Policies(Policy("Fail", expression)), PlainPod);
        Assert.False(verdict.Allowed);
        var message = verdict.DenialMessage;
        Assert.StartsWith($"ValidatingAdmissionPolicy 'authz' with binding 'authz' denied request: expression '{expression}' resulted in error: ", message);
        Assert.Contains("authorizer is not available offline", message);
        Assert.Contains(call, message);
        Assert.DoesNotContain("no such attribute", message);
    }

    [Fact]
    public void An_authorization_check_is_ignored_under_Ignore()
    {
        var verdict = Admit(Policies(Policy("Ignore", "authorizer.group('').resource('pods').check('get').allowed()")), PlainPod);
        Assert.True(verdict.Allowed);
        Assert.Empty(verdict.Violations);
    }

    [Fact]
    public void A_validation_that_never_reaches_the_authorizer_is_unaffected() =>
        Assert.True(Admit(Policies(Policy("Fail", "true || authorizer.group('').resource('pods').check('get').allowed()")), PlainPod).Allowed);
}
