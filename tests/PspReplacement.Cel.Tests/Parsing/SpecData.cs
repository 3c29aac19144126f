using System.Text.Json.Nodes;

namespace PspReplacement.Cel.Tests.Parsing;

/// <summary>The cel-spec test data installed by scripts/install-tools.sh under .tools/cel-spec.</summary>
internal static class SpecData
{
    public static string Path(string file) => PathFrom(file);

    // Builds may put the binaries outside the repository (PSPR_ARTIFACTS), so also search from this source file.
    private static string PathFrom(string file, [System.Runtime.CompilerServices.CallerFilePath] string sourceFile = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, System.IO.Path.GetDirectoryName(sourceFile) ?? "", Directory.GetCurrentDirectory() })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = System.IO.Path.Combine(dir.FullName, ".tools", "cel-spec", file);
                if (File.Exists(candidate)) return candidate;
            }
        throw new FileNotFoundException($"{file} not found under .tools/cel-spec in any parent of {AppContext.BaseDirectory}; run scripts/install-tools.sh");
    }

    public sealed record Case(string Name, string Expr, string? Ast, string? Error);

    /// <summary>parsing.json: every test (they carry the parsed AST, or the parse error when there is no AST).</summary>
    public static IReadOnlyList<Case> Parsing()
    {
        var root = JsonNode.Parse(File.ReadAllText(Path("parsing.json")))!;
        return root["tests"]!.AsArray().Select((t, i) => new Case(
            $"parsing[{i}]", (string)t!["original"]!["expr"]!, (string?)t["ast"], (string?)t["error"])).ToList();
    }

    /// <summary>Every test of a suite file (conformance.json, comprehension.json), walking nested suites.</summary>
    public static IReadOnlyList<Case> Suite(string file)
    {
        var result = new List<Case>();
        Walk(JsonNode.Parse(File.ReadAllText(Path(file)))!, "", result);
        return result;
    }

    private static void Walk(JsonNode node, string prefix, List<Case> result)
    {
        var name = prefix + "/" + ((string?)node["name"] ?? "");
        if (node["suites"] is JsonArray suites)
            foreach (var s in suites) Walk(s!, name, result);
        if (node["tests"] is JsonArray tests)
            foreach (var t in tests)
            {
                var original = t!["original"]!;
                if (original["expr"] is null) continue;
                result.Add(new Case(name + "/" + ((string?)original["name"] ?? ""), (string)original["expr"]!, (string?)t["ast"], (string?)t["error"]));
            }
    }
}
