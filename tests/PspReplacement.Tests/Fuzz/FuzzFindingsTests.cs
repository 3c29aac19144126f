using PspReplacement.Admission;
using PspReplacement.Cel;
using PspReplacement.Manifests;

namespace PspReplacement.Tests.Fuzz;

/// <summary>What the fuzzers found, kept as plain cases so they stay fixed.</summary>
public class FuzzFindingsTests
{
    private static List<ManifestObject> Objects(string yaml) =>
        ManifestReader.ReadStream("in.yaml", new StringReader(yaml)).Select(e => e.Object!).ToList();

    [Theory]
    [InlineData("validations", "spec.validations[0].expression")]
    [InlineData("matchConditions", "spec.matchConditions[0]")]
    [InlineData("variables", "spec.variables[0]")]
    [InlineData("auditAnnotations", "spec.auditAnnotations[0]")]
    public void A_null_entry_in_a_policy_list_is_the_apiservers_zero_value_a_required_field_missing(string list, string field)
    {
        var yaml = "apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata: {name: p}\nspec:\n" +
                   "  matchConstraints: {resourceRules: [{apiGroups: [''], apiVersions: [v1], operations: [CREATE], resources: [pods]}]}\n" +
                   (list == "validations" ? "" : "  validations: [{expression: 'true'}]\n") + $"  {list}: [null]\n";
        var e = Assert.Throws<InvalidInputException>(() => AdmissionSetup.ForPolicies(PolicyObjectLoader.FromObjects(Objects(yaml)), KubernetesVersion.Latest));
        Assert.Contains(e.Problems, p => p.Contains(field, StringComparison.Ordinal));
    }

    [Fact]
    public void A_v1_List_without_items_is_refused_like_a_kind_the_apiserver_does_not_serve()
    {
        var setup = AdmissionSetup.ForPolicies(PolicyObjectLoader.FromObjects(Objects(
            "apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata: {name: p}\nspec:\n" +
            "  matchConstraints: {resourceRules: [{apiGroups: ['*'], apiVersions: ['*'], operations: [CREATE], resources: ['*']}]}\n  validations: [{expression: 'true'}]\n")), KubernetesVersion.Latest);
        var result = new ManifestChecker(setup, RequestOptions.Default).CheckOne(ManifestReader.ReadStream("in.yaml", new StringReader("apiVersion: v1\nkind: List\nmetadata: {name: l}\n")).Single()).Result!;
        Assert.Equal(CheckStatus.Invalid, result.Status);
        Assert.Contains("no matches for kind \"List\" in version \"v1\"", result.Invalid);
    }

    [Fact]
    public void A_null_selector_requirement_is_an_invalid_selector_handled_by_failure_policy_not_a_crash()
    {
        var setup = AdmissionSetup.ForPolicies(PolicyObjectLoader.FromObjects(Objects(
            "apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata: {name: p}\nspec:\n  failurePolicy: Fail\n" +
            "  matchConstraints:\n    namespaceSelector: {matchExpressions: [null]}\n    resourceRules: [{apiGroups: [''], apiVersions: [v1], operations: [CREATE], resources: [pods]}]\n" +
            "  validations: [{expression: 'true'}]\n")), KubernetesVersion.Latest);
        var entry = new ManifestChecker(setup, RequestOptions.Default).CheckOne(ManifestReader.ReadStream("in.yaml",
            new StringReader("apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: a}\nspec: {containers: [{name: c, image: i}]}\n")).Single());
        Assert.Equal(CheckStatus.Denied, entry.Result!.Status);
    }
}
