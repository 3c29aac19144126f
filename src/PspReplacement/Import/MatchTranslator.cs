using System.Text;
using k8s.Models;
using PspReplacement.Cel.Parsing;
using PspReplacement.Yaml;
using static PspReplacement.Cel.Parsing.CelAst;

namespace PspReplacement.Import;

/// <summary>How a Kyverno rule's match and exclude blocks read as a ValidatingAdmissionPolicy.</summary>
/// <param name="MatchConstraints">Null for pod form: the rule matches Pods only and render fills in pods and the controller autogen.</param>
/// <param name="Conditions">Match filters a VAP rule cannot say (names, namespaces, labels, operations, exclusions) as matchConditions.</param>
/// <param name="Problems">Why the blocks cannot be expressed; non-empty means the rule is skipped.</param>
internal sealed record MatchTranslation(V1MatchResources? MatchConstraints, IReadOnlyList<V1MatchCondition> Conditions, IReadOnlyList<string> Problems)
{
    public bool PodForm => MatchConstraints is null;
}

/// <summary>Translates Kyverno resource filters (match/exclude with any, all or the legacy single filter) into VAP terms.</summary>
internal static class MatchTranslator
{
    /// <summary>The operations render's pod form binds; Kyverno validate rules default to the same.</summary>
    public static readonly string[] DefaultOperations = ["CREATE", "UPDATE"];

    private sealed record Filter(IReadOnlyList<KindReference> Kinds, IReadOnlyList<string> Operations, IReadOnlyList<Expr> Conditions);

    public static MatchTranslation Translate(SourceNode? match, SourceNode? exclude, string? policyNamespace)
    {
        var problems = new List<string>();
        var (matchFilters, matchAll) = ReadFilters(match, "match", problems);
        if (matchFilters.Count == 0 || matchFilters.Any(f => f.Kinds.Count == 0))
            problems.Add("match names no kinds (match.any[].resources.kinds): a ValidatingAdmissionPolicy needs the resources it applies to");
        if (problems.Count > 0) return new MatchTranslation(null, [], problems);

        var podForm = matchFilters.All(f => f.Kinds.All(k => k.IsPod));
        var conditions = new List<V1MatchCondition>();
        if (policyNamespace is not null)
            conditions.Add(new V1MatchCondition { Name = "kyverno-policy-namespace", Expression = Print(Equal(Path("request.namespace"), Literal(policyNamespace))) });

        V1MatchResources? constraints = null;
        var needKindChecks = matchFilters.Count > 1 && matchFilters.Any(f => f.Conditions.Count > 0 || !SameOperations(f, matchFilters[0]));
        var perFilter = new List<Expr>();
        foreach (var filter in matchFilters)
        {
            var parts = new List<Expr>();
            if (podForm)
            {
                var extra = filter.Operations.Except(DefaultOperations).ToList();
                if (extra.Count > 0)
                    problems.Add($"match operations {string.Join(", ", extra)} on Pods: render's pod form admits CREATE and UPDATE only");
                else if (filter.Operations.Count is > 0 and < 2)
                    parts.Add(In(Path("request.operation"), StringList(filter.Operations)));
            }
            else if (needKindChecks)
            {
                parts.Add(In(Path("request.kind.kind"), StringList(filter.Kinds.Select(k => k.Kind).Distinct())));
            }
            parts.AddRange(filter.Conditions);
            perFilter.Add(And(parts));
        }
        var matchCondition = matchAll ? And(perFilter.Where(p => !IsTrue(p))) : perFilter.Any(IsTrue) ? Literal(true) : Or(perFilter);
        if (!IsTrue(matchCondition)) conditions.Add(new V1MatchCondition { Name = "kyverno-match", Expression = Print(matchCondition) });

        if (!podForm)
        {
            if (matchAll && matchFilters.Count > 1)
                problems.Add("match.all with several kinds filters: a resource must then be of every kind at once, which a VAP cannot say");
            constraints = new V1MatchResources { ResourceRules = ResourceRules(matchFilters) };
        }

        if (exclude is not null)
        {
            var (excludeFilters, excludeAll) = ReadFilters(exclude, "exclude", problems);
            var excluded = excludeFilters.Select(f =>
            {
                var parts = new List<Expr>();
                if (f.Kinds.Count > 0 && !(podForm && f.Kinds.All(k => k.IsPod)))
                    parts.Add(In(Path("request.kind.kind"), StringList(f.Kinds.Select(k => k.Kind).Distinct())));
                if (f.Operations.Count > 0) parts.Add(In(Path("request.operation"), StringList(f.Operations)));
                parts.AddRange(f.Conditions);
                return And(parts);
            }).ToList();
            if (excluded.Count > 0)
            {
                var any = excludeAll ? And(excluded) : Or(excluded);
                if (IsTrue(any)) problems.Add("exclude matches every resource the rule matches: the rule would never apply");
                else conditions.Add(new V1MatchCondition { Name = "kyverno-exclude", Expression = Print(Not(any)) });
            }
        }
        return new MatchTranslation(constraints, conditions, problems);
    }

    private static bool SameOperations(Filter a, Filter b) => a.Operations.SequenceEqual(b.Operations);

    private static List<V1NamedRuleWithOperations> ResourceRules(IReadOnlyList<Filter> filters)
    {
        var rules = new List<V1NamedRuleWithOperations>();
        foreach (var filter in filters)
        {
            var operations = filter.Operations.Count > 0 ? filter.Operations.ToList() : DefaultOperations.ToList();
            foreach (var group in filter.Kinds.GroupBy(k => (k.ApiGroup, k.ApiVersion)).OrderBy(g => g.Key.ApiGroup, StringComparer.Ordinal).ThenBy(g => g.Key.ApiVersion, StringComparer.Ordinal))
                rules.Add(new V1NamedRuleWithOperations
                {
                    ApiGroups = [group.Key.ApiGroup],
                    ApiVersions = [group.Key.ApiVersion],
                    Operations = operations,
                    Resources = group.Select(k => k.Resource).Distinct().ToList(),
                });
        }
        return rules;
    }

    private static (IReadOnlyList<Filter> Filters, bool All) ReadFilters(SourceNode? block, string name, List<string> problems)
    {
        if (block is null) return ([], false);
        var any = block.Items("any");
        var all = block.Items("all");
        if (any.Count > 0 && all.Count > 0) problems.Add($"{name} has both any and all; Kyverno accepts only one of them");
        var filters = any.Count > 0 ? any : all.Count > 0 ? all : [block];
        return (filters.Select(f => ReadFilter(f, name, problems)).ToList(), any.Count == 0 && all.Count > 0);
    }

    private static Filter ReadFilter(SourceNode filter, string block, List<string> problems)
    {
        foreach (var key in new[] { "subjects", "roles", "clusterRoles" })
            if (filter.Child(key) is not null)
                problems.Add($"{block} by {key}: a ValidatingAdmissionPolicy rule cannot select by the requesting user's {key} (use a binding or an authorizer check upstream)");
        var resources = filter.Child("resources");
        var kinds = resources.Strings("kinds").Select(KindReference.Parse).ToList();
        var operations = resources.Strings("operations").Select(o => o.ToUpperInvariant()).Distinct().Order(StringComparer.Ordinal).ToList();
        var conditions = new List<Expr>();
        var names = resources.Strings("names").Concat(resources.Strings("name")).ToList();
        if (names.Count > 0) conditions.Add(MatchesAny(Path("object.metadata.name"), names));
        var namespaces = resources.Strings("namespaces");
        if (namespaces.Count > 0) conditions.Add(MatchesAny(Path("request.namespace"), namespaces));
        if (resources.Child("selector") is { } selector) conditions.AddRange(LabelSelector(selector, block, problems));
        if (resources.Child("annotations") is not null)
            problems.Add($"{block} by annotations: Kyverno's annotation wildcards have no ValidatingAdmissionPolicy equivalent");
        if (resources.Child("namespaceSelector") is not null)
            problems.Add($"{block} by namespaceSelector: a matchCondition cannot see the namespace's labels, and render binds namespaces by profile labels");
        return new Filter(kinds, operations, conditions);
    }

    /// <summary>A Kubernetes label selector over the object's labels, as CEL conditions.</summary>
    internal static IReadOnlyList<Expr> LabelSelector(SourceNode selector, string block, List<string> problems)
    {
        var labels = Path("object.metadata.labels");
        Expr Has(string key) => And(CelAst.Has(Path("object.metadata"), "labels"), In(Literal(key), labels));
        Expr Label(string key) => Index(labels, Literal(key));
        var result = new List<Expr>();
        foreach (var (key, value) in selector.StringMap("matchLabels"))
            result.Add(And(Has(key), MatchesAny(Label(key), [value])));
        foreach (var expression in selector.Items("matchExpressions"))
        {
            var key = expression.Text("key") ?? "";
            var values = expression.Strings("values");
            switch (expression.Text("operator"))
            {
                case "In": result.Add(And(Has(key), In(Label(key), StringList(values)))); break;
                case "NotIn": result.Add(Or(Not(Has(key)), Not(In(Label(key), StringList(values))))); break;
                case "Exists": result.Add(Has(key)); break;
                case "DoesNotExist": result.Add(Not(Has(key))); break;
                case var op: problems.Add($"{block} selector operator '{op}' is not a Kubernetes label selector operator"); break;
            }
        }
        return result;
    }

    /// <summary>A test that a string expression equals one of the patterns (Kyverno wildcards allowed).</summary>
    private static Expr MatchesAny(Expr subject, IReadOnlyList<string> patterns)
    {
        var exact = patterns.Where(p => !HasWildcard(p)).ToList();
        var parts = new List<Expr>();
        if (exact.Count == 1) parts.Add(Equal(subject, Literal(exact[0])));
        else if (exact.Count > 1) parts.Add(In(subject, StringList(exact)));
        parts.AddRange(patterns.Where(HasWildcard).Select(w => Member(subject, "matches", Literal(WildcardRegex(w)))));
        return Or(parts);
    }

    private static bool HasWildcard(string pattern) => pattern.Contains('*') || pattern.Contains('?');

    /// <summary>Kyverno's wildcards (* any run, ? one character) as an anchored RE2 pattern.</summary>
    private static string WildcardRegex(string pattern)
    {
        var b = new StringBuilder("^");
        foreach (var c in pattern)
        {
            if (c == '*') b.Append(".*");
            else if (c == '?') b.Append('.');
            else if (@"\.+()[]{}|^$".Contains(c)) b.Append('\\').Append(c);
            else b.Append(c);
        }
        return b.Append('$').ToString();
    }
}
