using PspReplacement.Import;
using PspReplacement.Yaml;

namespace PspReplacement.Tests.Import;

public sealed class MatchTranslatorTests
{
    private static SourceNode? Yaml(string? text) => text is null ? null : YamlNodes.ParseDocuments(text, "rule.yaml")[0];

    private static MatchTranslation Translate(string match, string? exclude = null, string? policyNamespace = null) =>
        MatchTranslator.Translate(Yaml(match), Yaml(exclude), policyNamespace);

    [Theory]
    [InlineData("any: [{resources: {kinds: [Pod]}}]")]
    [InlineData("all: [{resources: {kinds: [v1/Pod]}}]")]
    [InlineData("resources: {kinds: [Pod]}")]
    [InlineData("any: [{resources: {kinds: [Pod, Pod/ephemeralcontainers], operations: [CREATE, UPDATE]}}]")]
    public void Pod_only_rules_are_pod_form_without_conditions(string match)
    {
        var t = Translate(match);
        Assert.Empty(t.Problems);
        Assert.True(t.PodForm);
        Assert.Empty(t.Conditions);
    }

    [Fact]
    public void A_single_operation_on_pods_becomes_a_match_condition()
    {
        var t = Translate("any: [{resources: {kinds: [Pod], operations: [UPDATE]}}]");
        Assert.True(t.PodForm);
        Assert.Equal("request.operation in ['UPDATE']", Assert.Single(t.Conditions).Expression);
    }

    [Fact]
    public void Operations_beyond_create_and_update_on_pods_cannot_be_pod_form()
    {
        var t = Translate("any: [{resources: {kinds: [Pod], operations: [CREATE, DELETE]}}]");
        Assert.Contains(t.Problems, p => p.Contains("DELETE", StringComparison.Ordinal));
    }

    [Fact]
    public void Names_and_namespaces_with_wildcards_become_anchored_regexes()
    {
        var t = Translate("any: [{resources: {kinds: [Pod], names: ['web-*', 'api'], namespaces: ['team-?']}}]");
        Assert.Equal(
            "(object.metadata.name == 'api' || object.metadata.name.matches('^web-.*$')) && request.namespace.matches('^team-.$')",
            Assert.Single(t.Conditions).Expression);
    }

    [Fact]
    public void Any_filters_are_or_ed_and_exclude_is_negated()
    {
        var t = Translate(
            "any: [{resources: {kinds: [Pod], namespaces: [a]}}, {resources: {kinds: [Pod], namespaces: [b]}}]",
            "any: [{resources: {names: [skip-me]}}]");
        Assert.Equal(["kyverno-match", "kyverno-exclude"], t.Conditions.Select(c => c.Name));
        Assert.Equal("request.namespace == 'a' || request.namespace == 'b'", t.Conditions[0].Expression);
        Assert.Equal("!(object.metadata.name == 'skip-me')", t.Conditions[1].Expression);
    }

    [Fact]
    public void A_namespaced_policy_only_applies_in_its_namespace()
    {
        var t = Translate("any: [{resources: {kinds: [Pod]}}]", policyNamespace: "team-a");
        Assert.Equal("request.namespace == 'team-a'", Assert.Single(t.Conditions).Expression);
    }

    [Fact]
    public void Label_selectors_become_conditions_on_the_object_labels()
    {
        var t = Translate("any: [{resources: {kinds: [Pod], selector: {matchLabels: {app: web}, matchExpressions: [{key: tier, operator: NotIn, values: [db]}, {key: x, operator: Exists}]}}}]");
        var expression = Assert.Single(t.Conditions).Expression;
        Assert.Contains("object.metadata.labels['app'] == 'web'", expression);
        Assert.Contains("!(object.metadata.labels['tier'] in ['db'])", expression);
        Assert.Contains("'x' in object.metadata.labels", expression);
    }

    [Fact]
    public void Other_kinds_go_into_match_constraints_with_their_groups_and_plurals()
    {
        var t = Translate("any: [{resources: {kinds: [Service, apps/v1/Deployment, NetworkPolicy], operations: [CREATE]}}]");
        Assert.Empty(t.Problems);
        Assert.False(t.PodForm);
        var rules = t.MatchConstraints!.ResourceRules;
        Assert.Equal(["", "apps", "networking.k8s.io"], rules.Select(r => r.ApiGroups.Single()));
        Assert.Equal(["services", "deployments", "networkpolicies"], rules.Select(r => r.Resources.Single()));
        Assert.All(rules, r => Assert.Equal(["CREATE"], r.Operations));
    }

    [Theory]
    [InlineData("any: [{subjects: [{kind: User, name: admin}], resources: {kinds: [Pod]}}]", "subjects")]
    [InlineData("any: [{roles: [admin], resources: {kinds: [Pod]}}]", "roles")]
    [InlineData("any: [{resources: {kinds: [Pod], namespaceSelector: {matchLabels: {a: b}}}}]", "namespaceSelector")]
    [InlineData("any: [{resources: {kinds: [Pod], annotations: {a: b}}}]", "annotations")]
    [InlineData("any: [{resources: {names: [x]}}]", "no kinds")]
    public void What_a_vap_cannot_select_on_is_a_problem(string match, string expected)
    {
        Assert.Contains(Translate(match).Problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Pod", null, null, "Pod", null, "pods", true)]
    [InlineData("v1/Pod", null, "v1", "Pod", null, "pods", true)]
    [InlineData("apps/v1/Deployment", "apps", "v1", "Deployment", null, "deployments", false)]
    [InlineData("Pod/ephemeralcontainers", null, null, "Pod", "ephemeralcontainers", "pods/ephemeralcontainers", true)]
    [InlineData("Pod/exec", null, null, "Pod", "exec", "pods/exec", false)]
    [InlineData("NetworkPolicy", null, null, "NetworkPolicy", null, "networkpolicies", false)]
    [InlineData("Gateway", null, null, "Gateway", null, "gateways", false)]
    public void Kinds_parse_like_kyverno_writes_them(string text, string? group, string? version, string kind, string? sub, string resource, bool isPod)
    {
        var k = KindReference.Parse(text);
        Assert.Equal((group, version, kind, sub), (k.Group, k.Version, k.Kind, k.Subresource));
        Assert.Equal(resource, k.Resource);
        Assert.Equal(isPod, k.IsPod);
    }
}
