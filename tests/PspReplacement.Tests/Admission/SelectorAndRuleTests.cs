using k8s.Models;
using PspReplacement.Admission;

namespace PspReplacement.Tests.Admission;

public class LabelSelectorMatcherTests
{
    private static readonly Dictionary<string, string> Labels = new() { ["env"] = "prod", ["tier"] = "web" };

    private static V1LabelSelector Expr(string key, string op, params string[] values) =>
        new() { MatchExpressions = [new V1LabelSelectorRequirement { Key = key, OperatorProperty = op, Values = values.Length == 0 ? null : values }] };

    [Theory]
    [InlineData("env", "In", true, "prod", "dev")]
    [InlineData("env", "In", false, "dev")]
    [InlineData("missing", "In", false, "x")]
    [InlineData("env", "NotIn", false, "prod")]
    [InlineData("env", "NotIn", true, "dev")]
    [InlineData("missing", "NotIn", true, "x")]
    [InlineData("env", "Exists", true)]
    [InlineData("missing", "Exists", false)]
    [InlineData("env", "DoesNotExist", false)]
    [InlineData("missing", "DoesNotExist", true)]
    public void Expressions_follow_metav1_semantics(string key, string op, bool expected, params string[] values) =>
        Assert.Equal(expected, LabelSelectorMatcher.Matches(Expr(key, op, values), Labels));

    [Fact]
    public void Match_labels_and_expressions_are_anded()
    {
        var selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["env"] = "prod" }, MatchExpressions = Expr("tier", "In", "db").MatchExpressions };
        Assert.False(LabelSelectorMatcher.Matches(selector, Labels));
        selector.MatchExpressions = Expr("tier", "In", "web").MatchExpressions;
        Assert.True(LabelSelectorMatcher.Matches(selector, Labels));
    }

    [Fact]
    public void Empty_and_null_selectors_match_everything() =>
        Assert.True(LabelSelectorMatcher.Matches(new V1LabelSelector(), new Dictionary<string, string>()) && LabelSelectorMatcher.Matches(null, Labels));

    [Theory]
    [InlineData("In")]
    [InlineData("NotIn")]
    public void Set_operators_without_values_are_configuration_errors(string op) =>
        Assert.Throws<AdmissionConfigurationException>(() => LabelSelectorMatcher.Matches(Expr("env", op), Labels));

    [Fact]
    public void Exists_with_values_and_unknown_operators_are_configuration_errors()
    {
        Assert.Throws<AdmissionConfigurationException>(() => LabelSelectorMatcher.Matches(Expr("env", "Exists", "x"), Labels));
        Assert.Contains("Equals", Assert.Throws<AdmissionConfigurationException>(() => LabelSelectorMatcher.Matches(Expr("env", "Equals", "x"), Labels)).Message);
    }
}

public class ResourceRuleMatcherTests
{
    private static AdmissionRequest Request(string resource = "pods", string sub = "", string op = "CREATE", string ns = "web", string name = "p", string group = "") =>
        new(op, new GroupVersionKind(group, "v1", "Pod"), new GroupVersionResource(group, "v1", resource), sub, name, ns, null, null, UserInfo.Anonymous);

    private static V1NamedRuleWithOperations Rule(string[] resources, string[]? ops = null, string? scope = null, string[]? names = null) => new()
    {
        ApiGroups = [""], ApiVersions = ["v1"], Operations = ops ?? ["CREATE", "UPDATE"], Resources = resources, Scope = scope, ResourceNames = names,
    };

    [Theory]
    [InlineData("pods", "", true)]
    [InlineData("pods", "ephemeralcontainers", false)]
    [InlineData("pods/ephemeralcontainers", "ephemeralcontainers", true)]
    [InlineData("pods/ephemeralcontainers", "", false)]
    [InlineData("pods/*", "ephemeralcontainers", true)]
    [InlineData("pods/*", "", true)]            // the apiserver's sub == "*" also matches no subresource
    [InlineData("*", "", true)]
    [InlineData("*", "status", false)]
    [InlineData("*/*", "status", true)]
    [InlineData("*/status", "status", true)]
    [InlineData("*/status", "", false)]
    public void Resources_and_subresources_match_as_the_apiserver_splits_them(string rule, string sub, bool expected) =>
        Assert.Equal(expected, ResourceRuleMatcher.Matches(Rule([rule]), Request(sub: sub), new GroupVersionResource("", "v1", "pods")));

    [Fact]
    public void Operations_match_exactly_or_by_star()
    {
        var resource = new GroupVersionResource("", "v1", "pods");
        Assert.False(ResourceRuleMatcher.Matches(Rule(["pods"], ["CREATE"]), Request(op: "UPDATE"), resource));
        Assert.True(ResourceRuleMatcher.Matches(Rule(["pods"], ["*"]), Request(op: "UPDATE"), resource));
    }

    [Fact]
    public void Scope_distinguishes_namespaced_from_cluster_requests()
    {
        var resource = new GroupVersionResource("", "v1", "pods");
        Assert.True(ResourceRuleMatcher.Matches(Rule(["pods"], scope: "Namespaced"), Request(), resource));
        Assert.False(ResourceRuleMatcher.Matches(Rule(["pods"], scope: "Cluster"), Request(), resource));
        var nsRequest = Request(resource: "namespaces", ns: "web");
        var nsResource = new GroupVersionResource("", "v1", "namespaces");
        Assert.True(ResourceRuleMatcher.Matches(Rule(["namespaces"], scope: "Cluster"), nsRequest, nsResource));
        Assert.False(ResourceRuleMatcher.Matches(Rule(["namespaces"], scope: "Namespaced"), nsRequest, nsResource));
    }

    [Fact]
    public void Resource_names_restrict_by_object_name()
    {
        var resource = new GroupVersionResource("", "v1", "pods");
        Assert.True(ResourceRuleMatcher.Matches(Rule(["pods"], names: ["p", "q"]), Request(name: "p"), resource));
        Assert.False(ResourceRuleMatcher.Matches(Rule(["pods"], names: ["q"]), Request(name: "p"), resource));
    }
}
