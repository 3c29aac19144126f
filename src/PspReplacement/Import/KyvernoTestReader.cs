using PspReplacement.Yaml;

namespace PspReplacement.Import;

/// <summary>
/// Reads a `kyverno test` manifest (kyverno-test.yaml, cli.kyverno.io/v1alpha1 Test or the older unversioned form):
/// its resource files and the expected result per policy, rule and resource.
/// </summary>
internal static class KyvernoTestReader
{
    public const string FileName = "kyverno-test.yaml";

    public static (IReadOnlyList<TestExpectation> Expectations, IReadOnlyList<ImportSkip> Skips) Read(string path, string displayPath, string relativePath)
    {
        var expectations = new List<TestExpectation>();
        var skips = new List<ImportSkip>();
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        foreach (var test in YamlNodes.LoadDocuments(path, displayPath))
        {
            var index = new ResourceIndex();
            foreach (var resourceFile in test.Strings("resources"))
            {
                var file = Path.Combine(folder, resourceFile);
                if (!File.Exists(file))
                {
                    skips.Add(new ImportSkip(relativePath, $"resource file {resourceFile}", "does not exist; its results are not imported"));
                    continue;
                }
                foreach (var doc in YamlNodes.LoadDocuments(file, Path.Combine(Path.GetDirectoryName(displayPath) ?? "", resourceFile)))
                    index.Add(YamlNodes.ToPlain(doc));
            }
            foreach (var result in test.Items("results"))
            {
                var policy = result.Text("policy") ?? "";
                var rule = result.Text("rule");
                var kind = result.Text("kind");
                var @namespace = result.Text("namespace");
                var expected = result.Text("result") ?? "";
                var what = rule is null ? $"result for {policy}" : $"result for {policy}/{rule}";
                bool deny;
                switch (expected)
                {
                    // skip: the rule did not match or its preconditions were false, so admission lets the resource through.
                    case "pass" or "skip": deny = false; break;
                    // warn: the rule failed but is not scored; a VAP denies it all the same.
                    case "fail" or "warn": deny = true; break;
                    default:
                        skips.Add(new ImportSkip(relativePath, what, $"result '{expected}' has no admission outcome (only pass, skip, fail and warn do)"));
                        continue;
                }
                var references = result.Strings("resources").Concat(result.Strings("resource")).ToList();
                foreach (var reference in references)
                {
                    var found = index.Find(reference, kind, @namespace);
                    if (found.Count == 0)
                    {
                        skips.Add(new ImportSkip(relativePath, $"{what}, resource {reference}", "not found in the test's resource files"));
                        continue;
                    }
                    foreach (var resource in found)
                        expectations.Add(new TestExpectation(policy, rule, $"{FileName} {ResourceIndex.Kind(resource)} {reference} {expected}", deny, resource));
                }
            }
        }
        return (expectations, skips);
    }
}
