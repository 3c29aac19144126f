using DiffPlex.Renderer;

namespace PspReplacement.Rendering;

/// <summary>The side effects of render: compare with what is on disk (drift) and swap the new output in atomically.</summary>
public static class OutputTree
{
    /// <summary>One unified diff per drifted file ("a/" on disk, "b/" rendered); empty when the tree matches.</summary>
    public static IReadOnlyList<string> Drift(string repositoryRoot, RenderOutput output)
    {
        var diffs = new List<string>();
        var onDisk = Existing(repositoryRoot, output);
        foreach (var path in onDisk.Keys.Union(output.Files.Keys).Order(StringComparer.Ordinal))
        {
            var old = onDisk.GetValueOrDefault(path);
            var now = output.Files.GetValueOrDefault(path);
            if (old == now) continue;
            var diff = UnidiffRenderer.GenerateUnidiff(old ?? "", now ?? "", old is null ? "/dev/null" : $"a/{path}", now is null ? "/dev/null" : $"b/{path}", false, false, 3);
            diffs.Add(diff.EndsWith('\n') ? diff : diff + "\n");
        }
        return diffs;
    }

    /// <summary>
    /// Writes each owned top folder (charts/, helmfile.d/) as a whole: the new content goes into a temporary folder beside
    /// it and is renamed into place, so an interrupted or failed render never leaves a half-written tree.
    /// Returns the paths that changed.
    /// </summary>
    public static IReadOnlyList<string> Write(string repositoryRoot, RenderOutput output)
    {
        var changed = ChangedPaths(repositoryRoot, output);
        if (changed.Count == 0) return changed;
        var tops = output.OwnedFolders.Select(Top).Distinct().Order(StringComparer.Ordinal).ToList();
        // Single generated files elsewhere (docs/policies.md, or the helmfile when rendering one cluster): write and rename.
        foreach (var path in changed.Where(p => !tops.Contains(Top(p))))
        {
            var file = Path.Combine(repositoryRoot, path);
            if (!output.Files.TryGetValue(path, out var text)) { File.Delete(file); continue; }
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            var temporary = $"{file}.pspr-new-{Environment.ProcessId}";
            File.WriteAllText(temporary, text);
            File.Move(temporary, file, overwrite: true);
        }
        foreach (var top in tops)
        {
            var target = Path.Combine(repositoryRoot, top);
            var staging = Path.Combine(repositoryRoot, $".{top}.pspr-new-{Environment.ProcessId}");
            var retired = Path.Combine(repositoryRoot, $".{top}.pspr-old-{Environment.ProcessId}");
            if (Directory.Exists(staging)) Directory.Delete(staging, true);
            Directory.CreateDirectory(staging);
            try
            {
                // Keep what render does not own (other clusters' charts when rendering one cluster).
                if (Directory.Exists(target))
                    foreach (var file in Directory.EnumerateFiles(target, "*", SearchOption.AllDirectories))
                    {
                        var relative = $"{top}/{Path.GetRelativePath(target, file).Replace('\\', '/')}";
                        if (IsOwned(relative, output)) continue;
                        var copy = Path.Combine(staging, Path.GetRelativePath(target, file));
                        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
                        File.Copy(file, copy);
                    }
                foreach (var (path, text) in output.Files.Where(f => Top(f.Key) == top))
                {
                    var file = Path.Combine(staging, path[(top.Length + 1)..]);
                    Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                    File.WriteAllText(file, text);
                }
                if (Directory.Exists(target)) Directory.Move(target, retired);
                Directory.Move(staging, target);
                if (Directory.Exists(retired)) Directory.Delete(retired, true);
            }
            finally
            {
                if (Directory.Exists(staging)) Directory.Delete(staging, true);
            }
        }
        return changed;
    }

    public static IReadOnlyList<string> ChangedPaths(string repositoryRoot, RenderOutput output)
    {
        var onDisk = Existing(repositoryRoot, output);
        return onDisk.Keys.Union(output.Files.Keys)
            .Where(p => onDisk.GetValueOrDefault(p) != output.Files.GetValueOrDefault(p))
            .Order(StringComparer.Ordinal).ToList();
    }

    private static Dictionary<string, string> Existing(string repositoryRoot, RenderOutput output)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var folder in output.OwnedFolders)
        {
            var dir = Path.Combine(repositoryRoot, folder);
            if (!Directory.Exists(dir)) continue;
            foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
                found[Path.GetRelativePath(repositoryRoot, file).Replace('\\', '/')] = File.ReadAllText(file);
        }
        foreach (var path in output.OwnedFiles)
        {
            var file = Path.Combine(repositoryRoot, path);
            if (File.Exists(file)) found[path] = File.ReadAllText(file);
        }
        return found;
    }

    private static bool IsOwned(string path, RenderOutput output) =>
        output.OwnedFiles.Contains(path) || output.OwnedFolders.Any(f => path == f || path.StartsWith(f + "/", StringComparison.Ordinal));

    private static string Top(string path) => path.Split('/')[0];
}
