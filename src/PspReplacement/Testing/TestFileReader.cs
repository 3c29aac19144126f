using PspReplacement.Manifests;
using PspReplacement.Profiles;
using PspReplacement.Yaml;

namespace PspReplacement.Testing;

/// <summary>Reads fixture and scenario files; every problem is reported with file:line:column and what to write instead.</summary>
public static class TestFileReader
{
    private static readonly HashSet<string> Fields = ["name", "expect", "message", "pssVersions", "operation", "subResource", "namespace", "user", "groups", "policies", "object", "oldObject"];

    public static TestFile Read(string path, bool scenario)
    {
        var roots = YamlDocument.Roots(YamlReader.ReadFile(path, path, YamlRules.Strict),
            p => p.IsSyntax ? $"{p.Mark}: invalid YAML: {p.Message}" : p.ToString(), out var problems);
        if (problems.Count > 0) throw new InvalidInputException(problems);
        if (roots.Count != 1 || roots[0] is not SourceMap rootMap || rootMap.ToPlain() is not Dictionary<string, object?> root)
            throw new InvalidInputException($"{path}:1:1: expected one mapping with 'cases:' (see docs/design.md)");
        var line = rootMap.Mark.Line;
        var cluster = scenario ? root.GetValueOrDefault("cluster") as string : null;
        if (scenario && string.IsNullOrEmpty(cluster))
            problems.Add($"{path}:{line}:1: a scenario file needs 'cluster: NAME' (the chart under charts/ it runs against)");
        if (root.GetValueOrDefault("cases") is not List<object?> cases || cases.Count == 0 || rootMap["cases"] is not SourceList caseNodes)
            throw new InvalidInputException([.. problems, $"{path}:{line}:1: no cases; write 'cases:' with at least one case"]);
        var result = new List<TestCase>();
        for (var i = 0; i < cases.Count; i++)
        {
            var mark = caseNodes.Items[i].Mark;
            var location = new ManifestLocation(path, 0, mark.Line, mark.Column);
            if (cases[i] is not Dictionary<string, object?> c || caseNodes.Items[i] is not SourceMap caseNode) { problems.Add($"{location}: a case must be a mapping"); continue; }
            var parsedCase = ReadCase(c, caseNode, location, scenario, problems);
            if (parsedCase is not null) result.Add(parsedCase);
        }
        var duplicates = result.GroupBy(c => c.Name).Where(g => g.Count() > 1).Select(g => g.Key);
        problems.AddRange(duplicates.Select(d => $"{path}: two cases are named '{d}'; give each case its own name"));
        if (problems.Count > 0) throw new InvalidInputException(problems);
        return new TestFile(path, cluster, result);
    }

    private static TestCase? ReadCase(Dictionary<string, object?> c, SourceMap node, ManifestLocation at, bool scenario, List<string> problems)
    {
        var before = problems.Count;
        foreach (var key in c.Keys.Where(k => !Fields.Contains(k)))
            problems.Add($"{at}: unknown field '{key}' in a case; known: {string.Join(", ", Fields.Order(StringComparer.Ordinal))}");
        var name = c.GetValueOrDefault("name") as string;
        if (string.IsNullOrWhiteSpace(name)) problems.Add($"{at}: a case needs a name");
        var expect = c.GetValueOrDefault("expect") as string;
        if (expect is not ("allow" or "deny")) problems.Add($"{at}: case '{name}': expect must be allow or deny, not '{expect}'");
        var message = c.GetValueOrDefault("message") as string;
        if (expect == "deny" && string.IsNullOrEmpty(message))
            problems.Add($"{at}: case '{name}' expects a denial but names no message; add 'message:' with a fragment of the expected denial, so a denial for another reason fails");
        PssVersion? min = null, max = null;
        if (c.GetValueOrDefault("pssVersions") is { } versions)
        {
            if (scenario) problems.Add($"{at}: case '{name}': pssVersions is for policy fixtures; a scenario runs against its cluster's version");
            else if (versions is Dictionary<string, object?> range)
            {
                min = Version(range.GetValueOrDefault("min"), "min", name, at, problems);
                max = Version(range.GetValueOrDefault("max"), "max", name, at, problems);
            }
            else problems.Add($"{at}: case '{name}': pssVersions must be a mapping such as {{min: v1.25, max: v1.30}}");
        }
        List<string> policies = [];
        if (c.TryGetValue("policies", out var listed))
        {
            if (scenario) problems.Add($"{at}: case '{name}': policies is for policy fixtures; a scenario judges every policy of its cluster");
            else if (listed is List<object?> { Count: > 0 } items && items.All(i => i is string { Length: > 0 })) policies = items.Cast<string>().ToList();
            else problems.Add($"{at}: case '{name}': policies must be a non-empty list of policy names, e.g. [disallow-capabilities-strict-require-drop-all]");
        }
        var operation = c.GetValueOrDefault("operation") as string ?? "CREATE";
        if (operation is not ("CREATE" or "UPDATE")) problems.Add($"{at}: case '{name}': operation must be CREATE or UPDATE, not '{operation}'");
        var obj = ObjectOf(c.GetValueOrDefault("object"), node["object"], "object", name, at, problems);
        var old = c.ContainsKey("oldObject") ? ObjectOf(c["oldObject"], node["oldObject"], "oldObject", name, at, problems) : null;
        if (operation == "UPDATE" && old is null && c.ContainsKey("object")) problems.Add($"{at}: case '{name}': an UPDATE needs oldObject");
        if (operation == "CREATE" && c.ContainsKey("oldObject")) problems.Add($"{at}: case '{name}': a CREATE has no oldObject; set operation: UPDATE");
        if (problems.Count > before) return null;
        return new TestCase(name!, expect == "deny", message, min, max, operation, c.GetValueOrDefault("subResource") as string ?? "",
            c.GetValueOrDefault("namespace") as string, c.GetValueOrDefault("user") as string, obj!, old, at)
        {
            Groups = c.GetValueOrDefault("groups") is List<object?> groups ? groups.OfType<string>().ToList() : [],
            Policies = policies,
        };
    }

    private static PssVersion? Version(object? value, string field, string? name, ManifestLocation at, List<string> problems)
    {
        if (value is null) return null;
        if (value is string s && (s == "latest" || PssVersion.TryParse(s, out _))) return PssVersion.Parse(s);
        problems.Add($"{at}: case '{name}': pssVersions.{field} '{value}' is not a PSS version such as v1.25");
        return null;
    }

    private static ManifestObject? ObjectOf(object? value, SourceNode? source, string field, string? name, ManifestLocation at, List<string> problems)
    {
        if (value is Dictionary<string, object?> map && map.GetValueOrDefault("apiVersion") is string && map.GetValueOrDefault("kind") is string)
            return new ManifestObject(at, map) { Source = source as SourceMap };
        problems.Add($"{at}: case '{name}': {field} must be a Kubernetes object with apiVersion and kind");
        return null;
    }
}
