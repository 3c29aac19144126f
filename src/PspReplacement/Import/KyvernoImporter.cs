using PspReplacement.Cel;
using PspReplacement.Profiles;
using PspReplacement.Yaml;

namespace PspReplacement.Import;

/// <param name="Paths">Kyverno policy files or folders (searched recursively; dot-folders hold tests).</param>
/// <param name="OutDirectory">The library folder to write into: OUT/&lt;profile&gt;/&lt;policy&gt;/{policy,tests}.yaml.</param>
/// <param name="DefaultProfile">The profile of policies whose category names no Pod Security Standards profile.</param>
/// <param name="Force">Overwrite files edited by hand since the last import.</param>
public sealed record KyvernoImportOptions(
    IReadOnlyList<string> Paths,
    string OutDirectory,
    KubernetesVersion KubernetesVersion,
    Profile DefaultProfile,
    bool Force);

/// <summary>What the import did. Files are paths relative to the output folder, '/'-separated, sorted.</summary>
public sealed record KyvernoImportReport(
    IReadOnlyList<string> Policies,
    int TestCases,
    IReadOnlyList<string> Written,
    IReadOnlyList<string> Unchanged,
    IReadOnlyList<string> Removed,
    IReadOnlyList<string> EditedLocally,
    IReadOnlyList<ImportSkip> Skips)
{
    /// <summary>Nothing was written because files edited by hand would have been overwritten.</summary>
    public bool Refused => EditedLocally.Count > 0;
}

/// <summary>
/// `pspr import kyverno`: reads Kyverno policies and their tests, maps each CEL rule to a library policy in pod form
/// where it is one, validates the expressions, and writes policy.yaml and tests.yaml idempotently.
/// </summary>
public static class KyvernoImporter
{
    public static KyvernoImportReport Run(KyvernoImportOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.OutDirectory))
            throw new InvalidInputException("--out: empty; pass the folder to write the policies into, such as profiles");
        if (File.Exists(options.OutDirectory))
            throw new InvalidInputException($"--out {options.OutDirectory}: is a file; pass the folder to write the policies into");
        var inputs = ImportInputs.Find(options.Paths);

        var skips = new List<ImportSkip>();
        var policies = new List<(ImportedPolicy Policy, string Folder)>();
        var sourcesRead = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in inputs.PolicyFiles)
            foreach (var doc in YamlNodes.LoadDocuments(file.FullPath, file.DisplayPath))
            {
                if (Read(doc, file, options.DefaultProfile) is not { } result) continue;
                sourcesRead.Add(file.RelativePath);
                skips.AddRange(result.Skips);
                policies.AddRange(result.Policies.Select(p => (p, Path.GetDirectoryName(file.FullPath)!)));
            }
        if (sourcesRead.Count == 0)
            throw new InvalidInputException($"{string.Join(", ", options.Paths)}: no Kyverno ClusterPolicy, Policy or ValidatingPolicy found; pass the policy files or the folders that hold them");

        var validator = new ExpressionValidator(options.KubernetesVersion);
        var valid = new List<(ImportedPolicy Policy, string Folder)>();
        foreach (var (policy, folder) in policies)
        {
            var problems = validator.Check(policy.Spec);
            if (problems.Count == 0) valid.Add((policy, folder));
            else skips.AddRange(problems.Select(p => new ImportSkip(policy.Source.File, policy.Source.Display, p)));
        }
        CheckUniqueNames(valid.Select(v => v.Policy));

        var tests = FixtureMapper.Attach(valid, inputs, skips);
        var outputs = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (policy, _) in valid)
        {
            var folder = $"{policy.Hints.Profile.Name()}/{policy.Name}";
            outputs[$"{folder}/{PolicyLibraryLoader.PolicyFileName}"] = GeneratedFile.Compose(PolicyWriter.WritePolicy(ToDefinition(policy, folder), Extras(policy)), policy.Source.File);
            if (tests.TryGetValue(policy.Name, out var cases) && cases.Count > 0)
                outputs[$"{folder}/tests.yaml"] = GeneratedFile.Compose(PolicyWriter.WriteTests(cases), policy.Source.File);
        }
        // Skips in file order (stable within a file), so a re-import's report diffs as cleanly as its output.
        var sortedSkips = skips.OrderBy(s => s.Where, StringComparer.Ordinal).ToList();
        return ImportWriter.WriteAll(outputs, ImportWriter.Stale(options.OutDirectory, outputs, sourcesRead), options,
            valid.Select(v => v.Policy.Name).Order(StringComparer.Ordinal).ToList(), tests.Values.Sum(c => c.Count), sortedSkips);
    }

    private static ReadResult? Read(SourceNode doc, InputFile file, Profile defaultProfile)
    {
        var apiVersion = doc.Text("apiVersion") ?? "";
        var kind = doc.Text("kind") ?? "";
        var group = apiVersion.Split('/')[0];
        if (group is not ("kyverno.io" or "policies.kyverno.io")) return null;
        var metadata = doc.Child("metadata");
        var name = metadata.Text("name");
        if (string.IsNullOrEmpty(name))
            throw new InvalidInputException($"{YamlNodes.Where(doc)}: {kind} has no metadata.name; name the policy");

        var hints = PolicyHintsReader.Read(metadata, name, defaultProfile);
        switch (group, kind)
        {
            case ("kyverno.io", "ClusterPolicy" or "Policy"):
                return ClusterPolicyReader.Read(doc, file.RelativePath, hints, PolicyHintsReader.AutogenControllers(metadata));
            case ("policies.kyverno.io", "ValidatingPolicy" or "NamespacedValidatingPolicy"):
                return ValidatingPolicyReader.Read(doc, file.RelativePath, hints);
            default:
                return new ReadResult([], [new ImportSkip(file.RelativePath, $"{kind} {name}", $"a {kind} is not a validating policy; only ClusterPolicy, Policy and ValidatingPolicy are imported")]);
        }
    }

    private static void CheckUniqueNames(IEnumerable<ImportedPolicy> policies)
    {
        var problems = policies.GroupBy(p => p.Name, StringComparer.Ordinal).Where(g => g.Count() > 1)
            .Select(g => $"policy name '{g.Key}' is produced by {string.Join(" and ", g.Select(p => $"{p.Source.File} ({p.Source.Display})"))}; import them into different folders or rename one upstream")
            .ToList();
        if (problems.Count > 0) throw new InvalidInputException(problems);
    }

    private static PolicyDefinition ToDefinition(ImportedPolicy policy, string folder) =>
        new(policy.Name, policy.Hints.Profile, policy.Hints.Control, policy.Hints.Title, policy.Hints.Description,
            [new PolicyVariant(policy.Hints.MinPssVersion, null, policy.Spec)], $"{folder}/{PolicyLibraryLoader.PolicyFileName}")
        {
            ValidationActions = UpstreamActions(policy.Source.Action),
        };

    /// <summary>
    /// What upstream's enforcement means as the policy's own validationActions: Kyverno's Audit (any case) is [Audit],
    /// a ValidatingPolicy's actions are kept as written; Enforce, Deny or nothing leave the cluster's default.
    /// </summary>
    internal static IReadOnlyList<string>? UpstreamActions(string? action)
    {
        if (action is null) return null;
        if (action.Equals("Audit", StringComparison.OrdinalIgnoreCase)) return ["Audit"];
        if (action.Equals("Enforce", StringComparison.OrdinalIgnoreCase)) return null;
        var actions = action.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
        return actions.SequenceEqual(["Deny"]) || actions.Any(a => a is not ("Deny" or "Warn" or "Audit")) ? null : actions;
    }

    private static PolicyWriter.Extras Extras(ImportedPolicy policy)
    {
        var from = new List<KeyValuePair<string, object?>>
        {
            new("file", policy.Source.File),
            new("apiVersion", policy.Source.ApiVersion),
            new("kind", policy.Source.Kind),
            new("policy", policy.Source.Policy),
        };
        if (policy.Source.Rule is not null) from.Add(new("rule", policy.Source.Rule));
        if (policy.Source.Action is not null) from.Add(new("action", policy.Source.Action));
        if (policy.Hints.Annotations.Count > 0)
            from.Add(new("annotations", policy.Hints.Annotations.Select(kv => new KeyValuePair<string, object?>(kv.Key, kv.Value)).ToList()));
        return new PolicyWriter.Extras(policy.Hints.Severity, policy.AutogenControllers, from);
    }
}
