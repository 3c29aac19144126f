namespace PspReplacement.Import;

/// <summary>
/// An input file or folder: its full path, its path as recorded ('/'-separated: a policy file's <see cref="ImportInputs.Upstream"/>
/// path, a test's path relative to the PATH argument), and how to show it.
/// </summary>
internal sealed record InputFile(string FullPath, string RelativePath, string DisplayPath);

/// <summary>
/// What the PATH arguments hold: policy files, kyverno-test.yaml manifests and .chainsaw-test folders. A folder is
/// searched recursively; a file brings the tests beside it (.kyverno-test/, .chainsaw-test/).
/// </summary>
internal sealed record ImportInputs(IReadOnlyList<InputFile> PolicyFiles, IReadOnlyList<InputFile> KyvernoTests, IReadOnlyList<InputFile> ChainsawFolders)
{
    public static ImportInputs Find(IEnumerable<string> paths)
    {
        var policyFiles = new List<InputFile>();
        var kyvernoTests = new List<InputFile>();
        var chainsawFolders = new List<InputFile>();
        foreach (var path in paths) Discover(path, policyFiles, kyvernoTests, chainsawFolders);
        // Two arguments can name the same file (a folder and a file in it, two files beside one test): read it once.
        static List<InputFile> Once(List<InputFile> files) => files.DistinctBy(f => f.FullPath, StringComparer.Ordinal).ToList();
        return new ImportInputs(Once(policyFiles), Once(kyvernoTests), Once(chainsawFolders));
    }

    private static void Discover(string path, List<InputFile> policyFiles, List<InputFile> kyvernoTests, List<InputFile> chainsawFolders)
    {
        if (File.Exists(path))
        {
            policyFiles.Add(new InputFile(Path.GetFullPath(path), Upstream(Path.GetFullPath(path)), path));
            var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
            var displayFolder = Path.GetDirectoryName(path) ?? "";
            foreach (var test in new[] { Path.Combine(".kyverno-test", KyvernoTestReader.FileName), KyvernoTestReader.FileName })
                if (File.Exists(Path.Combine(folder, test)))
                    kyvernoTests.Add(new InputFile(Path.Combine(folder, test), Slashes(test), Path.Combine(displayFolder, test)));
            if (Directory.Exists(Path.Combine(folder, ChainsawTestReader.FolderName)))
                chainsawFolders.Add(new InputFile(Path.Combine(folder, ChainsawTestReader.FolderName), ChainsawTestReader.FolderName, Path.Combine(displayFolder, ChainsawTestReader.FolderName)));
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
            if (segments[^1] == KyvernoTestReader.FileName) kyvernoTests.Add(new InputFile(full, relative, display));
            else if (segments.Length >= 2 && segments[^2] == ChainsawTestReader.FolderName) chainsaw.Add(string.Join('/', segments[..^1]));
            // Other dot-folders (.github, test fixtures) and chainsaw's own files are never policies.
            else if (!segments.Any(s => s.StartsWith('.'))) policyFiles.Add(new InputFile(full, Upstream(full), display));
        }
        foreach (var folder in chainsaw)
            chainsawFolders.Add(new InputFile(Path.Combine(root, folder), folder, Path.Combine(path, folder)));
    }

    /// <summary>
    /// The upstream file as imported files record it, and as a re-import finds what it wrote from it: its path in the
    /// git checkout that holds it (the same wherever the checkout lives), else its path from the current folder. Two
    /// different upstream files never share it, though their base names may.
    /// </summary>
    internal static string Upstream(string fullPath)
    {
        for (var dir = Path.GetDirectoryName(fullPath); dir is not null; dir = Path.GetDirectoryName(dir))
            if (Directory.Exists(Path.Combine(dir, ".git")) || File.Exists(Path.Combine(dir, ".git")))
                return Slashes(Path.GetRelativePath(dir, fullPath));
        return Slashes(Path.GetRelativePath(Environment.CurrentDirectory, fullPath));
    }

    internal static string Slashes(string path) => path.Replace(Path.DirectorySeparatorChar, '/');
}
