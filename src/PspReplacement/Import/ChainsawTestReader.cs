using PspReplacement.Yaml;

namespace PspReplacement.Import;

/// <summary>
/// Reads a `.chainsaw-test/` folder of Kyverno's policy library: the manifests its chainsaw-test.yaml applies, each
/// expected to be admitted or (with an expected $error) denied. Without a chainsaw-test.yaml, file names say it
/// ("*bad*" denied, "*good*" admitted).
/// </summary>
internal static class ChainsawTestReader
{
    public const string FolderName = ".chainsaw-test";
    public const string TestFileName = "chainsaw-test.yaml";

    /// <summary>One applied manifest file of the test, and whether applying it must fail.</summary>
    public sealed record Manifest(string File, bool Deny, IReadOnlyList<Dictionary<string, object?>> Resources);

    public static IReadOnlyList<Manifest> Read(string folder, string displayFolder)
    {
        var testFile = Path.Combine(folder, TestFileName);
        var applied = File.Exists(testFile)
            ? AppliedFiles(YamlNodes.LoadDocuments(testFile, Path.Combine(displayFolder, TestFileName)))
            : Directory.EnumerateFiles(folder, "*.yaml").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)
                .Select(f => (File: f, Deny: (bool?)(f.Contains("bad", StringComparison.OrdinalIgnoreCase) ? true : f.Contains("good", StringComparison.OrdinalIgnoreCase) ? false : null)))
                .Where(f => f.Deny is not null).Select(f => (f.File, f.Deny!.Value)).ToList();

        var manifests = new List<Manifest>();
        foreach (var (file, deny) in applied)
        {
            var path = Path.GetFullPath(Path.Combine(folder, file));
            // The policy itself (../policy.yaml) and files outside the test folder are set-up, not cases.
            if (Path.GetDirectoryName(path) != Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar) || !File.Exists(path)) continue;
            var index = new ResourceIndex();
            foreach (var doc in YamlNodes.LoadDocuments(path, Path.Combine(displayFolder, file))) index.Add(YamlNodes.ToPlain(doc));
            var resources = index.All.Where(r => !IsKyvernoOrChainsaw(r)).ToList();
            if (resources.Count > 0) manifests.Add(new Manifest(file, deny, resources));
        }
        return manifests;
    }

    private static bool IsKyvernoOrChainsaw(Dictionary<string, object?> resource) =>
        resource.GetValueOrDefault("apiVersion") is string api &&
        (api.StartsWith("kyverno.io/", StringComparison.Ordinal) || api.Contains(".kyverno.io/", StringComparison.Ordinal));

    /// <summary>The files the test's steps apply or create, in order, each with whether an error is expected.</summary>
    private static List<(string File, bool Deny)> AppliedFiles(IReadOnlyList<SourceNode> docs)
    {
        var result = new List<(string, bool)>();
        foreach (var doc in docs)
            foreach (var step in doc.Child("spec").Items("steps"))
                foreach (var operation in step.Items("try"))
                    foreach (var verb in new[] { "apply", "create" })
                        if (operation.Child(verb) is { } action && action.Text("file") is { } file)
                            result.Add((file, action.Items("expect").Any(ExpectsError)));
        return result;
    }

    // chainsaw writes an expected failure as `check: {($error != null): true}` (or `($error): ...`).
    private static bool ExpectsError(SourceNode expect) =>
        expect.Child("check") is SourceMap check &&
        check.Entries.Any(e => e.Key.Text is var key && key.Contains("$error", StringComparison.Ordinal) &&
                               !(key.Contains("== null", StringComparison.Ordinal) && e.Value is SourceScalar { Text: "true" }) &&
                               !(key.Contains("!= null", StringComparison.Ordinal) && e.Value is SourceScalar { Text: "false" }));
}
