using PspReplacement.Cel;
using PspReplacement.Profiles;
using YamlDotNet.RepresentationModel;

namespace PspReplacement.Import;

/// <param name="Paths">Kyverno policy files or folders (searched recursively; dot-folders hold tests).</param>
/// <param name="OutDirectory">The library folder to write into: OUT/&lt;profile&gt;/&lt;policy&gt;/{policy,tests}.yaml.</param>
/// <param name="DefaultProfile">The profile of policies whose category names no Pod Security Standards profile.</param>
/// <param name="Force">Overwrite files edited by hand since the last import.</param>
public sealed record KyvernoImportOptions(
    IReadOnlyList<string> Paths,
    string OutDirectory,
    KubernetesVersion KubernetesVersion,
    ProfileLevel DefaultProfile,
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
    private sealed record PolicyFile(string FullPath, string RelativePath, string DisplayPath);

    public static KyvernoImportReport Run(KyvernoImportOptions options)
    {
        var policyFiles = new List<PolicyFile>();
        var kyvernoTests = new List<PolicyFile>();
        var chainsawFolders = new List<PolicyFile>();
        foreach (var path in options.Paths) Discover(path, policyFiles, kyvernoTests, chainsawFolders);

        var skips = new List<ImportSkip>();
        var policies = new List<(ImportedPolicy Policy, string Folder)>();
        var sourcesRead = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in policyFiles)
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

        var tests = AttachTests(valid, kyvernoTests, chainsawFolders, skips);
        var outputs = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (policy, _) in valid)
        {
            var folder = $"{PolicyWriter.ProfileName(policy.Hints.Profile)}/{policy.Name}";
            outputs[$"{folder}/{PolicyLibraryLoader.PolicyFileName}"] = GeneratedFile.Compose(PolicyWriter.WritePolicy(ToDefinition(policy, folder), Extras(policy)), policy.Source.File);
            if (tests.TryGetValue(policy.Name, out var cases) && cases.Count > 0)
                outputs[$"{folder}/tests.yaml"] = GeneratedFile.Compose(PolicyWriter.WriteTests(cases), policy.Source.File);
        }
        // Skips in file order (stable within a file), so a re-import's report diffs as cleanly as its output.
        var sortedSkips = skips.OrderBy(s => s.Where, StringComparer.Ordinal).ToList();
        return WriteAll(outputs, Stale(options.OutDirectory, outputs, sourcesRead), options,
            valid.Select(v => v.Policy.Name).Order(StringComparer.Ordinal).ToList(), tests.Values.Sum(c => c.Count), sortedSkips);
    }

    /// <summary>
    /// Files an earlier import wrote from one of the upstream files read now that this import no longer produces (the
    /// rule was removed or renamed upstream, or moved profile): removing them keeps the re-import diff minimal.
    /// </summary>
    private static List<string> Stale(string outDirectory, SortedDictionary<string, string> outputs, HashSet<string> sourcesRead)
    {
        if (!Directory.Exists(outDirectory)) return [];
        return Directory.EnumerateFiles(outDirectory, "*.yaml", SearchOption.AllDirectories)
            .Select(f => Slashes(Path.GetRelativePath(outDirectory, f)))
            .Where(f => !outputs.ContainsKey(f) && Path.GetFileName(f) is PolicyLibraryLoader.PolicyFileName or "tests.yaml")
            .Where(f => GeneratedFile.Source(Path.Combine(outDirectory, f)) is { } source && sourcesRead.Contains(source))
            .Order(StringComparer.Ordinal).ToList();
    }

    private static KyvernoImportReport WriteAll(SortedDictionary<string, string> outputs, List<string> stale, KyvernoImportOptions options, List<string> names, int cases, List<ImportSkip> skips)
    {
        var written = new List<string>();
        var unchanged = new List<string>();
        var edited = new List<string>();
        var removed = new List<string>();
        foreach (var relative in stale)
        {
            if (!options.Force && !GeneratedFile.IsIntact(File.ReadAllText(Path.Combine(options.OutDirectory, relative)))) edited.Add(relative);
            else removed.Add(relative);
        }
        var toWrite = new List<(string Path, string Content)>();
        foreach (var (relative, content) in outputs)
        {
            var path = Path.Combine(options.OutDirectory, relative);
            switch (GeneratedFile.Inspect(path, content))
            {
                case GeneratedFile.State.Unchanged: unchanged.Add(relative); break;
                case GeneratedFile.State.Edited when !options.Force: edited.Add(relative); break;
                default: toWrite.Add((path, content)); written.Add(relative); break;
            }
        }
        // All or nothing: a half-written import would mix policies with tests of another upstream revision.
        if (edited.Count > 0) return new KyvernoImportReport(names, cases, [], unchanged, [], edited.Order(StringComparer.Ordinal).ToList(), skips);
        foreach (var (path, content) in toWrite) GeneratedFile.Write(path, content);
        foreach (var relative in removed) GeneratedFile.Remove(options.OutDirectory, relative);
        return new KyvernoImportReport(names, cases, written, unchanged, removed, [], skips);
    }

    private static void Discover(string path, List<PolicyFile> policyFiles, List<PolicyFile> kyvernoTests, List<PolicyFile> chainsawFolders)
    {
        if (File.Exists(path))
        {
            policyFiles.Add(new PolicyFile(Path.GetFullPath(path), Path.GetFileName(path), path));
            var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
            var displayFolder = Path.GetDirectoryName(path) ?? "";
            foreach (var test in new[] { Path.Combine(".kyverno-test", KyvernoTestReader.FileName), KyvernoTestReader.FileName })
                if (File.Exists(Path.Combine(folder, test)))
                    kyvernoTests.Add(new PolicyFile(Path.Combine(folder, test), Slashes(test), Path.Combine(displayFolder, test)));
            if (Directory.Exists(Path.Combine(folder, ChainsawTestReader.FolderName)))
                chainsawFolders.Add(new PolicyFile(Path.Combine(folder, ChainsawTestReader.FolderName), ChainsawTestReader.FolderName, Path.Combine(displayFolder, ChainsawTestReader.FolderName)));
            return;
        }
        if (!Directory.Exists(path))
            throw new InvalidInputException($"{path}: no such file or folder; pass Kyverno policy files or folders");

        var root = Path.GetFullPath(path);
        var files = Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Select(f => (Full: f, Relative: Slashes(Path.GetRelativePath(root, f))))
            .OrderBy(f => f.Relative, StringComparer.Ordinal);
        var chainsaw = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (full, relative) in files)
        {
            var segments = relative.Split('/');
            var display = Path.Combine(path, relative);
            if (segments[^1] == KyvernoTestReader.FileName) kyvernoTests.Add(new PolicyFile(full, relative, display));
            else if (segments.Length >= 2 && segments[^2] == ChainsawTestReader.FolderName) chainsaw.Add(string.Join('/', segments[..^1]));
            // Other dot-folders (.github, test fixtures) and chainsaw's own files are never policies.
            else if (!segments.Any(s => s.StartsWith('.'))) policyFiles.Add(new PolicyFile(full, relative, display));
        }
        foreach (var folder in chainsaw)
            chainsawFolders.Add(new PolicyFile(Path.Combine(root, folder), folder, Path.Combine(path, folder)));
    }

    private static string Slashes(string path) => path.Replace(Path.DirectorySeparatorChar, '/');

    private static ReadResult? Read(YamlNode doc, PolicyFile file, ProfileLevel defaultProfile)
    {
        var apiVersion = doc.Text("apiVersion") ?? "";
        var kind = doc.Text("kind") ?? "";
        var group = apiVersion.Split('/')[0];
        if (group is not ("kyverno.io" or "policies.kyverno.io")) return null;
        var metadata = doc.Child("metadata");
        var name = metadata.Text("name");
        if (string.IsNullOrEmpty(name))
            throw new InvalidInputException($"{YamlNodes.Where(file.DisplayPath, doc)}: {kind} has no metadata.name; name the policy");

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
            [new PolicyVariant(policy.Hints.MinPssVersion, null, policy.Spec)], $"{folder}/{PolicyLibraryLoader.PolicyFileName}");

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

    private static Dictionary<string, List<PolicyWriter.TestCase>> AttachTests(
        List<(ImportedPolicy Policy, string Folder)> policies, List<PolicyFile> kyvernoTests, List<PolicyFile> chainsawFolders, List<ImportSkip> skips)
    {
        var cases = policies.ToDictionary(p => p.Policy.Name, _ => new List<PolicyWriter.TestCase>(), StringComparer.Ordinal);
        var byRule = policies.ToLookup(p => (p.Policy.Source.Policy, p.Policy.Source.Rule));
        var byPolicy = policies.ToLookup(p => p.Policy.Source.Policy, StringComparer.Ordinal);

        foreach (var test in kyvernoTests)
        {
            var (expectations, testSkips) = KyvernoTestReader.Read(test.FullPath, test.DisplayPath, test.RelativePath);
            skips.AddRange(testSkips);
            var unmatched = 0;
            foreach (var e in expectations)
            {
                var rule = e.Rule is null ? null : ClusterPolicyReader.AutogenBase(e.Rule) ?? e.Rule;
                var targets = byRule[(e.Policy, rule)].Concat(rule is null ? [] : byRule[(e.Policy, null)]).ToList();
                if (targets.Count == 0) { unmatched++; continue; }
                foreach (var (policy, _) in targets) Add(cases[policy.Name], policy, e.Origin, e.Deny, e.Object);
            }
            if (unmatched > 0)
                skips.Add(new ImportSkip(test.RelativePath, $"{unmatched} expected result(s)", "their policy or rule was not imported (see its skip), or is not among the imported paths"));
        }

        foreach (var folder in chainsawFolders)
        {
            var policyFolder = Path.GetDirectoryName(folder.FullPath)!;
            var owners = policies.Where(p => p.Folder == policyFolder).Select(p => p.Policy).ToList();
            if (owners.Count == 0) continue;
            foreach (var manifest in ChainsawTestReader.Read(folder.FullPath, folder.DisplayPath))
                foreach (var resource in manifest.Resources)
                {
                    var origin = $"chainsaw {manifest.File} {ResourceIndex.Kind(resource)} {ResourceIndex.Name(resource)}";
                    foreach (var policy in owners.Where(p => Applies(p, resource)))
                    {
                        // A denied manifest says the Kyverno policy denied it, not which rule: only a one-rule policy can tell.
                        if (manifest.Deny && policy.Source.RulesInPolicy > 1)
                        {
                            skips.Add(new ImportSkip($"{folder.RelativePath}/{manifest.File}", $"{origin} for {policy.Name}",
                                $"{policy.Source.Kind} {policy.Source.Policy} has {policy.Source.RulesInPolicy} rules and chainsaw does not say which one denies it; add a kyverno-test.yaml result upstream"));
                            continue;
                        }
                        Add(cases[policy.Name], policy, origin, manifest.Deny, resource);
                    }
                }
        }
        return cases;
    }

    private static readonly HashSet<string> PodControllers = new(StringComparer.Ordinal)
        { "Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "Job", "CronJob", "ReplicationController" };

    /// <summary>Whether the imported policy can see the resource at all (chainsaw manifests also carry set-up like Namespaces).</summary>
    private static bool Applies(ImportedPolicy policy, Dictionary<string, object?> resource)
    {
        var kind = ResourceIndex.Kind(resource);
        if (policy.Spec.MatchConstraints is not { } constraints)
            return kind == "Pod" || PodControllers.Contains(kind) && (policy.AutogenControllers is null || policy.AutogenControllers.Contains(kind));
        var resourceName = new KindReference(null, null, kind, null).Resource;
        return (constraints.ResourceRules ?? []).Any(r => (r.Resources ?? []).Any(x => x == "*" || x == resourceName));
    }

    private static void Add(List<PolicyWriter.TestCase> cases, ImportedPolicy policy, string origin, bool deny, object resource)
    {
        var name = origin;
        for (var n = 2; cases.Any(c => c.Name == name); n++) name = $"{origin} ({n})";
        cases.Add(new PolicyWriter.TestCase(name, deny ? "deny" : "allow", deny ? DenyMessage.Fragment(policy.Name, policy.Spec) : null, resource));
    }
}
