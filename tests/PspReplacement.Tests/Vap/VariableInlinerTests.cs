using k8s.Models;
using PspReplacement.Cel.Parsing;
using PspReplacement.Vap;

namespace PspReplacement.Tests.Vap;

public class VariableInlinerTests
{
    private static V1ValidatingAdmissionPolicySpec Spec(string expression, params (string Name, string Expression)[] variables) => new()
    {
        Variables = variables.Select(v => new V1Variable { Name = v.Name, Expression = v.Expression }).ToList(),
        Validations = [new V1Validation { Expression = expression, MessageExpression = "'bad: ' + variables.names" }],
    };

    [Fact]
    public void Variables_are_replaced_by_their_expressions_including_variables_that_use_variables()
    {
        var inlined = VariableInliner.Inline(Spec("size(variables.names) == 0",
            ("containers", "object.spec.containers"),
            ("names", "variables.containers.map(c, c.name)")), "p");
        Assert.Null(inlined.Variables);
        var expected = CelParser.Parse("size(object.spec.containers.map(c, c.name)) == 0");
        Assert.True(AstComparer.Instance.Equals(expected, CelParser.Parse(inlined.Validations[0].Expression)), inlined.Validations[0].Expression);
        Assert.DoesNotContain("variables", inlined.Validations[0].MessageExpression, StringComparison.Ordinal);
    }

    [Fact]
    public void A_comprehension_variable_that_would_capture_the_inlined_expression_is_refused()
    {
        var e = Assert.Throws<InvalidInputException>(() =>
            VariableInliner.Inline(Spec("[1].all(object, variables.names != null)", ("names", "object.metadata.name")), "p"));
        Assert.Contains("policy 'p'", e.Message, StringComparison.Ordinal);
        Assert.Contains("'object'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_undefined_variable_is_refused() =>
        Assert.Contains("variables.missing", Assert.Throws<InvalidInputException>(() => VariableInliner.Inline(Spec("variables.missing"), "p")).Message, StringComparison.Ordinal);
}
