using PspReplacement.Rendering;

namespace PspReplacement.Tests.Rendering;

public class RenderValidatorTests
{
    private const string Binding = """
        # header comment
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicyBinding
        metadata:
          name: b
        spec:
          policyName: p
          validationActions:
            - Deny
        """;

    [Fact]
    public void A_document_the_kubernetes_model_reads_back_whole_passes() =>
        Assert.Empty(RenderValidator.CheckRoundTrip("t.yaml", Binding + "\n"));

    [Fact]
    public void A_field_the_model_does_not_know_is_reported_at_its_line()
    {
        var problems = RenderValidator.CheckRoundTrip("t.yaml", Binding + "\n  policyNmae: typo\n");
        var problem = Assert.Single(problems);
        Assert.StartsWith("t.yaml:", problem, StringComparison.Ordinal);
        Assert.Contains("template", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_document_of_another_kind_is_reported()
    {
        var problems = RenderValidator.CheckRoundTrip("t.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
        Assert.Contains("unexpected kind 'ConfigMap'", Assert.Single(problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Rendered_documents_must_equal_the_objects_render_built()
    {
        var expected = new k8s.Models.V1ValidatingAdmissionPolicyBinding
        {
            ApiVersion = "admissionregistration.k8s.io/v1", Kind = "ValidatingAdmissionPolicyBinding",
            Metadata = new() { Name = "b" }, Spec = new() { PolicyName = "p", ValidationActions = ["Deny"] },
        };
        Assert.Empty(RenderValidator.CheckMatches("t.yaml", Binding + "\n", [expected], "admissionregistration.k8s.io/v1"));
        expected.Spec.ValidationActions = ["Audit"];
        Assert.Contains("/spec/validationActions/0", Assert.Single(RenderValidator.CheckMatches("t.yaml", Binding + "\n", [expected], "admissionregistration.k8s.io/v1")), StringComparison.Ordinal);
    }
}
