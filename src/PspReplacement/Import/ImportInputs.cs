namespace PspReplacement.Import;

/// <summary>An input file or folder: its full path, its path relative to the PATH argument ('/'), and how to show it.</summary>
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
            policyFiles.Add(new InputFile(Path.GetFullPath(path), Path.GetFileName(path), path));
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
            else if (!segments.Any(s => s.StartsWith('.'))) policyFiles.Add(new InputFile(full, relative, display));
        }
        foreach (var folder in chainsaw)
            chainsawFolders.Add(new InputFile(Path.Combine(root, folder), folder, Path.Combine(path, folder)));
    }

    internal static string Slashes(string path) => path.Replace(Path.DirectorySeparatorChar, '/');
}
