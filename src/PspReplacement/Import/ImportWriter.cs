using PspReplacement.Profiles;

namespace PspReplacement.Import;

/// <summary>
/// Writes an import's files into the output folder all or nothing: unchanged files are left alone, files edited by
/// hand stop the whole write (unless forced), and files a re-import no longer produces are removed.
/// </summary>
internal static class ImportWriter
{
    /// <summary>
    /// Files an earlier import wrote from one of the upstream files read now that this import no longer produces (the
    /// rule was removed or renamed upstream, or moved profile): removing them keeps the re-import diff minimal.
    /// </summary>
    public static List<string> Stale(string outDirectory, SortedDictionary<string, string> outputs, HashSet<string> sourcesRead)
    {
        if (!Directory.Exists(outDirectory)) return [];
        // Only where an import writes (OUT/<profile>/<policy>/policy.yaml or tests.yaml): files deeper down belong to
        // other trees, even when they came from the same upstream file.
        return Directory.EnumerateFiles(outDirectory, "*.yaml", SearchOption.AllDirectories)
            .Select(f => ImportInputs.Slashes(Path.GetRelativePath(outDirectory, f)))
            .Where(f => f.Split('/') is [var profile, _, PolicyLibraryLoader.PolicyFileName or "tests.yaml"] && ProfileNames.TryParse(profile, out _))
            .Where(f => !outputs.ContainsKey(f))
            .Where(f => GeneratedFile.Source(Path.Combine(outDirectory, f)) is { } source && sourcesRead.Contains(source))
            .Order(StringComparer.Ordinal).ToList();
    }

    public static KyvernoImportReport WriteAll(SortedDictionary<string, string> outputs, List<string> stale, KyvernoImportOptions options, List<string> names, int cases, List<ImportSkip> skips)
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
        try
        {
            foreach (var (path, content) in toWrite) GeneratedFile.Write(path, content);
            foreach (var relative in removed) GeneratedFile.Remove(options.OutDirectory, relative);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"{options.OutDirectory}: cannot write the imported files: {e.Message}; pass a writable folder with --out");
        }
        return new KyvernoImportReport(names, cases, written, unchanged, removed, [], skips);
    }
}
