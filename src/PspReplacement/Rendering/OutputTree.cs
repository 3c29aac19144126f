using DiffPlex.Renderer;

namespace PspReplacement.Rendering;

/// <summary>A file that differs between the tree and a fresh render: its path and a unified diff ("a/" on disk, "b/" rendered).</summary>
public sealed record FileDrift(string Path, string Diff);

/// <summary>The side effects of render: compare with what is on disk (drift) and swap the new output in as one change.</summary>
public static class OutputTree
{
    /// <summary>
    /// One unified diff per drifted file ("a/" on disk, "b/" rendered); empty when the tree matches. Under the render
    /// lock, after finishing a swap a killed render left (note says so), so the comparison is with a whole tree.
    /// </summary>
    public static IReadOnlyList<FileDrift> Drift(string repositoryRoot, RenderOutput output, Action<string>? note = null)
    {
        using var _ = RenderLock.Acquire(repositoryRoot, note);
        if (RenderTransaction.Recover(repositoryRoot) is { } recovered) note?.Invoke(recovered);
        var diffs = new List<FileDrift>();
        var onDisk = Existing(repositoryRoot, output);
        foreach (var path in onDisk.Keys.Union(output.Files.Keys).Order(StringComparer.Ordinal))
        {
            var old = onDisk.GetValueOrDefault(path);
            var now = output.Files.GetValueOrDefault(path);
            if (old == now) continue;
            var diff = UnidiffRenderer.GenerateUnidiff(old ?? "", now ?? "", old is null ? "/dev/null" : $"a/{path}", now is null ? "/dev/null" : $"b/{path}", false, false, 3);
            diffs.Add(new FileDrift(path, diff.EndsWith('\n') ? diff : diff + "\n"));
        }
        return diffs;
    }

    /// <summary>
    /// Writes the changed parts of the output (each owned folder and file as a whole) as one change, under the render
    /// lock: see <see cref="RenderTransaction"/>. Returns the paths that changed.
    /// </summary>
    public static IReadOnlyList<string> Write(string repositoryRoot, RenderOutput output, Action<string>? note = null)
    {
        using var _ = RenderLock.Acquire(repositoryRoot, note);
        if (RenderTransaction.Recover(repositoryRoot) is { } recovered) note?.Invoke(recovered);
        var changed = ChangedPaths(repositoryRoot, output);
        if (changed.Count == 0) return changed;
        var parts = new List<RenderTransaction.Part>();
        foreach (var folder in output.OwnedFolders.Order(StringComparer.Ordinal))
        {
            if (!changed.Any(p => Under(p, folder))) continue;
            var content = output.Files.Where(f => Under(f.Key, folder)).ToDictionary(f => f.Key[(folder.Length + 1)..], f => f.Value, StringComparer.Ordinal);
            parts.Add(new RenderTransaction.Part(folder, IsFolder: true, content.Count == 0 ? null : content));
        }
        foreach (var file in output.OwnedFiles.Order(StringComparer.Ordinal))
        {
            if (output.OwnedFolders.Any(f => Under(file, f)) || !changed.Contains(file)) continue;
            parts.Add(new RenderTransaction.Part(file, IsFolder: false,
                output.Files.TryGetValue(file, out var text) ? new Dictionary<string, string> { [file] = text } : null));
        }
        RenderTransaction.Apply(repositoryRoot, parts);
        return changed;
    }

    private static bool Under(string path, string folder) => path.StartsWith(folder + "/", StringComparison.Ordinal);

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

}
