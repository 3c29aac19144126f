using System.Diagnostics;

namespace PspReplacement.Rendering;

/// <summary>
/// Swaps render's output into the repository as one change, under <see cref="RenderLock"/>. The parts that changed
/// (charts/, helmfile.d/, docs/policies.md, or one cluster's charts) are first written whole to .pspr/swap/new; then a
/// journal naming them is written and renamed into place, which is the commit point; then each part is renamed: the
/// one on disk to .pspr/swap/old, the new one into place. Renames within one file system are atomic, and every step
/// can be told from the state it leaves, so an interrupted swap is finished by <see cref="Recover"/>: without a
/// journal nothing in the tree had moved and the staging is dropped (the tree stays old); with one, the remaining
/// renames are done (the tree becomes new). A write error before the commit point leaves the tree as it was; one
/// after it undoes the renames already done.
/// </summary>
public static class RenderTransaction
{
    /// <summary>A part of the tree replaced as a whole: a folder or a file, by its '/'-separated path; Content null removes it.</summary>
    public sealed record Part(string Path, bool IsFolder, IReadOnlyDictionary<string, string>? Content);

    private const string JournalName = "journal";

    /// <summary>For fault-injection tests only: the process kills itself (as kill -9 would) when it reaches this step.</summary>
    public const string StopAtStepVariable = "PSPR_FAULT_STOP_AT_STEP";

    private static string SwapFolder(string root) => System.IO.Path.Combine(root, RenderLock.StateFolder, "swap");

    /// <summary>Writes the parts as one change. Throws InvalidInputException (the tree unchanged) when a write fails.</summary>
    public static void Apply(string root, IReadOnlyList<Part> parts)
    {
        if (parts.Count == 0) return;
        Preflight(root, parts);
        var swap = SwapFolder(root);
        var steps = new StepCounter();
        try
        {
            foreach (var part in parts.Where(p => p.Content is not null))
            {
                if (part.IsFolder)
                    foreach (var (relative, text) in part.Content!)
                    {
                        WriteFile(Staged(swap, "new", $"{part.Path}/{relative}"), text);
                        steps.Reached("a file staged");
                    }
                else
                {
                    WriteFile(Staged(swap, "new", part.Path), part.Content!.Single().Value);
                    steps.Reached("a file staged");
                }
            }
            var journal = System.IO.Path.Combine(swap, JournalName);
            WriteFile(journal + ".tmp", string.Concat(parts.Select(p => $"{(p.Content is null ? "remove" : p.IsFolder ? "folder" : "file")} {p.Path}\n")), durable: true);
            steps.Reached("journal written");
            File.Move(journal + ".tmp", journal);
            steps.Reached("journal committed");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(swap);
            throw new InvalidInputException($"render: writing the new tree failed ({e.Message}); nothing was changed: free space or fix permissions, then run ./pspr render again");
        }

        var done = new List<Part>();
        try
        {
            foreach (var part in parts)
            {
                Swap(root, swap, part, steps);
                done.Add(part);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try
            {
                foreach (var part in parts.AsEnumerable().Reverse()) Undo(root, swap, part);
                TryDelete(swap);
            }
            catch (Exception again) when (again is IOException or UnauthorizedAccessException)
            {
                throw new InvalidInputException($"render: replacing the tree failed ({e.Message}) and so did undoing it ({again.Message}); the next ./pspr render finishes the swap from {RenderLock.StateFolder}/swap");
            }
            throw new InvalidInputException($"render: replacing the tree failed ({e.Message}); nothing was changed: fix the cause (permissions, an immutable file), then run ./pspr render again");
        }
        Finish(swap, steps);
    }

    /// <summary>Finishes a swap a killed render left: rolled back before its commit point, completed after it. Returns what it did, or null.</summary>
    public static string? Recover(string root)
    {
        var legacy = RecoverLegacy(root);
        var swap = SwapFolder(root);
        if (!Directory.Exists(swap)) return legacy;
        var journal = System.IO.Path.Combine(swap, JournalName);
        if (!File.Exists(journal))
        {
            Directory.Delete(swap, true);
            return "render: an interrupted render had not changed the tree yet; its staged files are removed and the tree is as it was";
        }
        var parts = File.ReadAllLines(journal).Where(l => l.Length > 0).Select(l =>
        {
            var space = l.IndexOf(' ');
            var kind = l[..space];
            return new Part(l[(space + 1)..], kind == "folder", kind == "remove" ? null : new Dictionary<string, string>());
        }).ToList();
        var steps = new StepCounter();
        foreach (var part in parts) Swap(root, swap, part, steps);
        Finish(swap, steps);
        return $"render: an interrupted render is completed: {string.Join(", ", parts.Select(p => p.Path))} replaced as it had committed to";
    }

    /// <summary>
    /// What renders before this swap left when killed: .TOP.pspr-new-PID (the new folder, complete once the old one had
    /// been moved to .TOP.pspr-old-PID) beside charts/ or helmfile.d/, and FILE.pspr-new-PID beside a file. A missing
    /// folder gets its complete new copy; every other leftover is removed.
    /// </summary>
    private static string? RecoverLegacy(string root)
    {
        var done = new List<string>();
        foreach (var top in new[] { "charts", "helmfile.d" })
        {
            var target = System.IO.Path.Combine(root, top);
            foreach (var staged in Directory.EnumerateDirectories(root, $".{top}.pspr-new-*").Order(StringComparer.Ordinal))
            {
                var retired = System.IO.Path.Combine(root, $".{top}.pspr-old-{staged[(staged.LastIndexOf('-') + 1)..]}");
                if (!Directory.Exists(target) && Directory.Exists(retired)) { Directory.Move(staged, target); done.Add($"{top}/ completed"); }
                else { Directory.Delete(staged, true); done.Add($"{System.IO.Path.GetFileName(staged)} removed"); }
            }
            foreach (var retired in Directory.EnumerateDirectories(root, $".{top}.pspr-old-*").Order(StringComparer.Ordinal))
            {
                if (!Directory.Exists(target)) { Directory.Move(retired, target); done.Add($"{top}/ restored"); }
                else { Directory.Delete(retired, true); done.Add($"{System.IO.Path.GetFileName(retired)} removed"); }
            }
        }
        foreach (var folder in new[] { root, System.IO.Path.Combine(root, "docs"), System.IO.Path.Combine(root, "helmfile.d") }.Where(Directory.Exists))
            foreach (var file in Directory.EnumerateFiles(folder, "*.pspr-new-*").Order(StringComparer.Ordinal))
            {
                File.Delete(file);
                done.Add($"{System.IO.Path.GetRelativePath(root, file)} removed");
            }
        return done.Count == 0 ? null : $"render: leftovers of an interrupted older render: {string.Join(", ", done)}";
    }

    // Idempotent: each rename happens only while its source is still where the previous step left it.
    private static void Swap(string root, string swap, Part part, StepCounter steps)
    {
        var target = Target(root, part.Path);
        var staged = Staged(swap, "new", part.Path);
        var retired = Staged(swap, "old", part.Path);
        if (part.Content is null)
        {
            if (Exists(target)) { Move(target, retired); steps.Reached("a part removed"); }
            return;
        }
        if (!Exists(staged)) return; // already in place
        if (Exists(target) && !Exists(retired)) { Move(target, retired); steps.Reached("an old part moved aside"); }
        Move(staged, target);
        steps.Reached("a new part moved in");
    }

    private static void Undo(string root, string swap, Part part)
    {
        var target = Target(root, part.Path);
        var staged = Staged(swap, "new", part.Path);
        var retired = Staged(swap, "old", part.Path);
        if (part.Content is not null && !Exists(staged) && Exists(target)) Move(target, staged);
        if (Exists(retired) && !Exists(target)) Move(retired, target);
    }

    private static void Finish(string swap, StepCounter steps)
    {
        File.Delete(System.IO.Path.Combine(swap, JournalName));
        steps.Reached("journal removed");
        Directory.Delete(swap, true);
    }

    /// <summary>What would make a rename fail half-way is refused before anything is written: a file where a folder must be, or the reverse.</summary>
    private static void Preflight(string root, IReadOnlyList<Part> parts)
    {
        var problems = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var part in parts)
        {
            var segments = part.Path.Split('/');
            for (var i = 1; i < segments.Length; i++)
            {
                var ancestor = string.Join('/', segments[..i]);
                if (File.Exists(Target(root, ancestor)))
                    problems.Add($"{ancestor}: a file where render writes the folder {ancestor}/; move it away, then run ./pspr render again");
            }
            var target = Target(root, part.Path);
            if (part.IsFolder && File.Exists(target))
                problems.Add($"{part.Path}: a file where render writes the folder {part.Path}/; move it away, then run ./pspr render again");
            if (!part.IsFolder && Directory.Exists(target))
                problems.Add($"{part.Path}: a folder where render writes the file {part.Path}; move it away, then run ./pspr render again");
            if (Exists(target) && FileFlags.FirstUnchangeable(target) is { } locked)
                problems.Add($"{System.IO.Path.GetRelativePath(root, locked).Replace('\\', '/')}: immutable or append-only (chattr +i/+a), so render cannot replace it; clear the flag (chattr -i -a), then run ./pspr render again");
        }
        if (problems.Count > 0) throw new InvalidInputException([.. problems]);
    }

    private static string Target(string root, string path) => System.IO.Path.Combine(root, path.Replace('/', System.IO.Path.DirectorySeparatorChar));

    private static string Staged(string swap, string side, string path) => System.IO.Path.Combine(swap, side, path.Replace('/', System.IO.Path.DirectorySeparatorChar));

    private static bool Exists(string path) => File.Exists(path) || Directory.Exists(path);

    private static void Move(string from, string to)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(to)!);
        if (Directory.Exists(from)) Directory.Move(from, to);
        else File.Move(from, to);
    }

    private static void WriteFile(string path, string text, bool durable = false)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        try
        {
            using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
            using (var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true)) writer.Write(text);
            if (durable) stream.Flush(flushToDisk: true);
        }
        catch (ArgumentOutOfRangeException e)
        {
            // .NET reports EFBIG (a file size limit, ulimit -f) as an argument error; it is an I/O failure like ENOSPC.
            throw new IOException($"{path}: the file is larger than the file size limit (ulimit -f) or the file system allows", e);
        }
    }

    private static void TryDelete(string folder)
    {
        try { if (Directory.Exists(folder)) Directory.Delete(folder, true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* the next render's Recover removes it */ }
    }

    /// <summary>Counts the steps of a swap; the fault-injection tests stop the process at one of them.</summary>
    private sealed class StepCounter
    {
        private readonly int _stopAt = int.TryParse(Environment.GetEnvironmentVariable(StopAtStepVariable), out var n) ? n : 0;
        private int _step;

        public void Reached(string what)
        {
            if (++_step != _stopAt) return;
            Console.Error.WriteLine($"render: stopped at step {_step} ({what}) by {StopAtStepVariable}");
            Console.Error.Flush();
            Process.GetCurrentProcess().Kill();
        }
    }
}
