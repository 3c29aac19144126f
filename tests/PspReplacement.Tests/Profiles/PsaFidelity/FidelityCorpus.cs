using PspReplacement.Profiles;
using PspReplacement.Yaml;

namespace PspReplacement.Tests.Profiles.PsaFidelity;

/// <summary>
/// One PSA fixture: a mutation of the minimal valid pod and PSA's verdict on it. An UPDATE changes the old pod (the
/// minimal pod with OldSet) by Set, optionally through a subresource.
/// </summary>
public sealed record FidelityCase(string Name, bool ExpectAllow, IReadOnlyList<(string Path, object? Value)> Set, string Location,
    string Operation = "CREATE", string SubResource = "", IReadOnlyList<(string Path, object? Value)>? OldSet = null);

/// <summary>
/// The fixtures of one PSA check over one policy-version range (testdata/psa-fidelity/LEVEL/CHECK[-RANGE].yaml; the
/// format is in that folder's README.md). Id is the file's path under the corpus without .yaml.
/// </summary>
public sealed record FidelityFile(
    string Id, string Check, Profile Level, PssVersion Min, PssVersion? Max,
    IReadOnlyList<Profile> Levels, IReadOnlyList<string> Policies, IReadOnlyList<FidelityCase> Cases)
{
    /// <summary>The PSS versions within [from, to] that this file's verdicts hold for.</summary>
    public IEnumerable<PssVersion> VersionsWithin(PssVersion from, PssVersion to)
    {
        var start = Min > from ? Min : from;
        var end = Max is { } max && max < to ? max : to;
        for (var v = start; v <= end; v = new PssVersion(v.Major, v.Minor + 1)) yield return v;
    }
}

/// <summary>Reads the corpus; a malformed file fails loudly with file:line:column.</summary>
public static class FidelityCorpus
{
    public static string Directory => Path.Combine(RepositoryRoot.Find(), "tests", "PspReplacement.Tests", "testdata", "psa-fidelity");

    public static IReadOnlyList<FidelityFile> Load(string? directory = null)
    {
        var root = directory ?? Directory;
        return System.IO.Directory.GetFiles(root, "*.yaml", SearchOption.AllDirectories)
            .Select(f => (File: f, Id: Path.GetRelativePath(root, f).Replace('\\', '/')[..^".yaml".Length]))
            .OrderBy(f => f.Id, StringComparer.Ordinal)
            .Select(f => Read(f.File, f.Id))
            .ToList();
    }

    public static FidelityFile Read(string file, string id)
    {
        var read = YamlReader.ReadFile(file, file, YamlRules.Strict).FirstOrDefault();
        if (read is { Problems: [var bad, ..] }) throw Problem(file, bad.Mark.Line, bad.Mark.Column, $"not valid YAML: {bad.Message} (quote flow-mapping keys holding '[')");
        if (read?.Root is not SourceMap rootNode || rootNode.ToPlain() is not Dictionary<string, object?> root)
            throw Problem(file, 1, 1, "expected a mapping with check, level, pssVersions and cases");
        var document = (Line: rootNode.Mark.Line, Column: rootNode.Mark.Column);
        Expect(root, file, document.Line, document.Column, ["check", "level", "levels", "pssVersions", "policies", "cases"]);

        var check = root.GetValueOrDefault("check") as string ?? throw Problem(file, document.Line, document.Column, "check (the PSA check ID) is required");
        var level = ParseLevel(root.GetValueOrDefault("level") as string, file, document.Line, document.Column);
        if (root.GetValueOrDefault("pssVersions") is not Dictionary<string, object?> versions || versions.GetValueOrDefault("min") is not string minText)
            throw Problem(file, document.Line, document.Column, "pssVersions: {min: v1.NN, max: v1.NN} is required (max optional)");
        var min = ParseVersion(minText, file, document.Line, document.Column);
        PssVersion? max = versions.GetValueOrDefault("max") is string maxText ? ParseVersion(maxText, file, document.Line, document.Column) : null;
        var levels = root.GetValueOrDefault("levels") is List<object?> listed
            ? listed.Select(l => ParseLevel(l as string, file, document.Line, document.Column)).ToList()
            : level == Profile.Baseline ? [Profile.Baseline, Profile.Restricted] : [Profile.Restricted];
        var policies = (root.GetValueOrDefault("policies") as List<object?> ?? []).Select(p => p as string ?? "").ToList();

        var cases = new List<FidelityCase>();
        var caseNodes = rootNode["cases"] as SourceList;
        var items = root.GetValueOrDefault("cases") as List<object?> ?? [];
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var (line, column) = caseNodes is not null ? (caseNodes.Items[i].Mark.Line, caseNodes.Items[i].Mark.Column) : (document.Line, document.Column);
            if (item is not Dictionary<string, object?> c) throw Problem(file, line, column, "each case is a mapping with name, expect and set");
            Expect(c, file, line, column, ["name", "expect", "set", "operation", "subResource", "oldSet"]);
            var name = c.GetValueOrDefault("name") as string ?? throw Problem(file, line, column, "a case needs a name");
            var expectAllow = c.GetValueOrDefault("expect") switch
            {
                "allow" => true,
                "deny" => false,
                var other => throw Problem(file, line, column, $"case '{name}': expect is '{other}'; write allow or deny"),
            };
            var set = c.GetValueOrDefault("set") as Dictionary<string, object?> ?? throw Problem(file, line, column, $"case '{name}': set (a map of path: value, possibly empty) is required");
            var operation = c.GetValueOrDefault("operation") as string ?? "CREATE";
            if (operation is not ("CREATE" or "UPDATE")) throw Problem(file, line, column, $"case '{name}': operation is '{operation}'; write CREATE or UPDATE");
            var oldSet = c.GetValueOrDefault("oldSet") as Dictionary<string, object?>;
            if ((operation == "UPDATE") != (oldSet is not null)) throw Problem(file, line, column, $"case '{name}': an UPDATE needs oldSet (the old pod's mutations), and only an UPDATE has one");
            cases.Add(new FidelityCase(name, expectAllow, set.Select(e => (e.Key, e.Value)).ToList(), $"{file}:{line}:{column}",
                operation, c.GetValueOrDefault("subResource") as string ?? "", oldSet?.Select(e => (e.Key, e.Value)).ToList()));
        }
        if (cases.Count == 0) throw Problem(file, document.Line, document.Column, "cases is empty");
        var duplicate = cases.GroupBy(c => c.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw Problem(file, document.Line, document.Column, $"case name '{duplicate.Key}' is used twice; names identify cases");
        return new FidelityFile(id, check, level, min, max, levels, policies, cases);
    }

    /// <summary>PSA's minimalValidPod for a level (test/fixtures.go): what every fixture mutates.</summary>
    public static Dictionary<string, object?> MinimalValidPod(Profile level)
    {
        Dictionary<string, object?> Container(string name)
        {
            var container = new Dictionary<string, object?> { ["name"] = name, ["image"] = "registry.k8s.io/pause" };
            if (level == Profile.Restricted)
                container["securityContext"] = new Dictionary<string, object?>
                {
                    ["allowPrivilegeEscalation"] = false,
                    ["capabilities"] = new Dictionary<string, object?> { ["drop"] = new List<object?> { "ALL" } },
                };
            return container;
        }
        var spec = new Dictionary<string, object?>
        {
            ["containers"] = new List<object?> { Container("regular-container") },
            ["initContainers"] = new List<object?> { Container("init-container") },
        };
        if (level == Profile.Restricted)
            spec["securityContext"] = new Dictionary<string, object?>
            {
                ["runAsNonRoot"] = true,
                ["seccompProfile"] = new Dictionary<string, object?> { ["type"] = "RuntimeDefault" },
            };
        return new Dictionary<string, object?>
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new Dictionary<string, object?> { ["name"] = "psa-fidelity" },
            ["spec"] = spec,
        };
    }

    /// <summary>The pod a case describes at a level: the minimal valid pod with the case's mutations (after OldSet's).</summary>
    public static Dictionary<string, object?> PodFor(FidelityCase c, Profile level) => Apply(c, c.OldSet is null ? c.Set : [.. c.OldSet, .. c.Set], level);

    /// <summary>The old pod of an UPDATE case; null for a CREATE.</summary>
    public static Dictionary<string, object?>? OldPodFor(FidelityCase c, Profile level) => c.OldSet is null ? null : Apply(c, c.OldSet, level);

    private static Dictionary<string, object?> Apply(FidelityCase c, IReadOnlyList<(string Path, object? Value)> mutations, Profile level)
    {
        var pod = MinimalValidPod(level);
        foreach (var (path, value) in mutations)
        {
            try { PodPatch.Set(pod, path, value); }
            catch (ArgumentException e) { throw new InvalidInputException($"{c.Location}: case '{c.Name}': {e.Message}"); }
        }
        return pod;
    }

    private static void Expect(Dictionary<string, object?> map, string file, int line, int column, string[] known)
    {
        var unknown = map.Keys.Where(k => !known.Contains(k)).ToList();
        if (unknown.Count > 0) throw Problem(file, line, column, $"unknown field(s) {string.Join(", ", unknown)}; known: {string.Join(", ", known)}");
    }

    private static Profile ParseLevel(string? text, string file, int line, int column) =>
        ProfileNames.TryParse(text, out var level) && level != Profile.Privileged
            ? level
            : throw Problem(file, line, column, $"level '{text}' is not baseline or restricted");

    private static PssVersion ParseVersion(string text, string file, int line, int column) =>
        PssVersion.TryParse(text, out var v) ? v : throw Problem(file, line, column, $"'{text}' is not a PSS version such as v1.30");

    private static InvalidInputException Problem(string file, int line, int column, string what) => new($"{file}:{line}:{column}: {what}");
}
