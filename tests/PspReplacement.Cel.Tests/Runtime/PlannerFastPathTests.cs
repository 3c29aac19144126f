using CsCheck;
using PspReplacement.Cel.Runtime;

namespace PspReplacement.Cel.Tests.Runtime;

/// <summary>
/// The planner's fast paths (all/exists as a direct loop, <c>x in [constant strings]</c> as a set lookup) must give
/// exactly what the general fold and the standard @in overload give, errors included.
/// </summary>
public sealed class PlannerFastPathTests
{
    [Theory]
    // An element that decides the quantifier wins over an earlier or later error (cel-go's commutative &&/||).
    [InlineData("[1, 0, 2].all(x, 1 / x > 0)", "false")]
    [InlineData("[2, 0].all(x, 1 / x > 0)", "false")]
    [InlineData("[0, 1].exists(x, 1 / x == 1)", "true")]
    [InlineData("[1, 0].exists(x, 1 / x == 1)", "true")]
    [InlineData("[1, 2].all(x, x > 0)", "true")]
    [InlineData("[1, 2].exists(x, x > 5)", "false")]
    [InlineData("{'a': 1, 'b': 0}.all(k, v, v > 0)", "false")]
    [InlineData("{'a': 1, 'b': 0}.exists(k, v, k == 'b' && v == 0)", "true")]
    [InlineData("['x', 'y'].exists(i, v, i == 1 && v == 'y')", "true")]
    [InlineData("[[1], [2, 0]].all(l, l.all(x, x > 0))", "false")]
    [InlineData("[1, 2].all(x, [x].exists(y, y == x))", "true")]
    public void Quantifiers_decide_like_the_fold(string expression, string expected) => Assert.Equal(expected, Eval.Show(expression));

    [Theory]
    [InlineData("[0, 1].all(x, 1 / x > 0)", "division by zero")]
    [InlineData("[0, 2].exists(x, 1 / x == 1)", "division by zero")]
    [InlineData("[1, 2].all(x, x)", "no such overload")] // a non-bool predicate is an && error, not false
    [InlineData("[1, 2].exists(x, 'yes')", "no such overload")]
    [InlineData("[dyn(0), 'a'].all(x, 1 / x > 0)", "division by zero")] // the first error stays the result
    public void Quantifiers_without_a_deciding_element_give_the_error(string expression, string message) =>
        Assert.Contains(message, Eval.Error(expression).Message);

    [Fact]
    public void A_quantifier_over_a_variable_sees_each_element()
    {
        var caps = new Dictionary<string, object> { ["caps"] = CelValue.FromPlain(new List<object?> { "CHOWN", "SYS_ADMIN" }) };
        Assert.Equal("false", Eval.Show("caps.all(c, c in ['CHOWN', 'KILL'])", caps));
        Assert.Equal("true", Eval.Show("caps.exists(c, c in ['SYS_ADMIN'])", caps));
    }

    [Theory]
    [InlineData("'KILL' in ['CHOWN', 'KILL']", "true")]
    [InlineData("'kill' in ['CHOWN', 'KILL']", "false")] // ordinal, case-sensitive
    [InlineData("'' in ['', 'a']", "true")]
    [InlineData("dyn(1) in ['1', 'a']", "false")] // other types are never equal to a string
    [InlineData("dyn(['a']) in ['a']", "false")]
    [InlineData("1 in [dyn(1.0), 2u]", "true")] // numeric lists keep heterogeneous equality (not a string set)
    [InlineData("'a' in ['a', 'a']", "true")]
    public void Membership_in_constant_lists(string expression, string expected) => Assert.Equal(expected, Eval.Show(expression));

    [Fact]
    public void Membership_of_an_error_is_the_error() =>
        Assert.Contains("division by zero", Eval.Error("string(1 / 0) in ['a', 'b']").Message);

    [Fact]
    public void Membership_in_a_constant_list_agrees_with_exists_over_the_same_list()
    {
        var word = Gen.OneOf(Gen.Const("a"), Gen.Const("A"), Gen.Const("ab"), Gen.Const(""), Gen.Const("é"), Gen.Const("e\u0301"));
        Gen.Select(word, word.Array[0, 6]).Sample((x, list) =>
        {
            var literal = "[" + string.Join(", ", list.Select(Quote)) + "]";
            var viaSet = Eval.Show($"{Quote(x)} in {literal}");
            var viaScan = Eval.Show($"{literal}.exists(e, e == {Quote(x)})");
            return viaSet == viaScan && viaSet == (list.Contains(x, StringComparer.Ordinal) ? "true" : "false");
        });
    }

    private static string Quote(string s) => "'" + s + "'";
}
