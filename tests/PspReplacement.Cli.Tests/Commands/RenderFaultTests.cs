using System.Diagnostics;
using CliWrap;
using CliWrap.Buffered;

namespace PspReplacement.Cli.Tests.Commands;

/// <summary>
/// render under faults: killed at every step of its swap, run twice at once, and facing paths it cannot write. After
/// each, the tree is the old one or the new one as a whole, with nothing left over, and the exit status says what
/// happened.
/// </summary>
public class RenderFaultTests
{
    private const string C1 = "name: c1\nkubernetesVersion: \"1.31\"\nnamespaces:\n  mw: {addBacks: [sys-ptrace]}\n";
    private const string C2 = "name: c2\nkubernetesVersion: \"1.30\"\n";

    private static Task<BufferedCommandResult> Pspr(RenderTestRepo repo, IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        var command = CliWrap.Cli.Wrap("dotnet")
            .WithArguments([Path.Combine(AppContext.BaseDirectory, "pspr.dll"), .. args, "--root", repo.Root])
            .WithWorkingDirectory(repo.Root)
            .WithEnvironmentVariables(environment ?? new Dictionary<string, string?>())
            .WithValidation(CommandResultValidation.None);
        return command.ExecuteBufferedAsync();
    }

    private static readonly string[] Generated = ["charts", "helmfile.d", "docs"];

    /// <summary>Every generated file with its text, and what else sits at the top of the repository.</summary>
    private static SortedDictionary<string, string> Tree(RenderTestRepo repo)
    {
        var tree = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var folder in Generated)
            foreach (var (path, text) in repo.Snapshot(folder)) tree[path] = text;
        foreach (var entry in Directory.EnumerateFileSystemEntries(repo.Root).Select(Path.GetFileName).Where(n => !Generated.Contains(n)))
            tree["top:" + entry] = "";
        var state = Path.Combine(repo.Root, ".pspr");
        if (Directory.Exists(state))
            foreach (var entry in Directory.EnumerateFileSystemEntries(state).Select(Path.GetFileName)) tree[".pspr/" + entry] = "";
        return tree;
    }

    private static void Restore(RenderTestRepo repo, SortedDictionary<string, string> tree)
    {
        foreach (var folder in Generated.Append(".pspr/swap"))
            if (Directory.Exists(Path.Combine(repo.Root, folder))) Directory.Delete(Path.Combine(repo.Root, folder), true);
        foreach (var (path, text) in tree.Where(t => !t.Key.StartsWith("top:", StringComparison.Ordinal) && !t.Key.StartsWith(".pspr/", StringComparison.Ordinal)))
        {
            var file = Path.Combine(repo.Root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, text);
        }
    }

    [Fact]
    public async Task Killed_at_any_step_the_next_run_leaves_the_old_or_the_new_tree_whole_and_no_litter()
    {
        using var repo = new RenderTestRepo().WriteValues("c1.yaml", C1).WriteValues("c2.yaml", C2);
        Assert.Equal(0, (await Pspr(repo, null, "render")).ExitCode);
        var before = Tree(repo);
        // The change touches every part: one chart changes, one cluster goes (its charts and helmfile entry), one comes.
        File.Delete(Path.Combine(repo.Values, "c2.yaml"));
        repo.WriteValues("c1.yaml", C1.Replace("1.31", "1.30")).WriteValues("c3.yaml", C2.Replace("c2", "c3"));
        Assert.Equal(0, (await Pspr(repo, null, "render")).ExitCode);
        var after = Tree(repo);
        Assert.NotEqual(before, after);

        var sawOld = false;
        var sawNew = false;
        var step = 1;
        for (; step < 500; step++)
        {
            Restore(repo, before);
            var stopped = await Pspr(repo, new Dictionary<string, string?> { ["PSPR_FAULT_STOP_AT_STEP"] = step.ToString(System.Globalization.CultureInfo.InvariantCulture) }, "render");
            if (stopped.ExitCode == 0) break; // past the last step: the render completed
            Assert.True(stopped.ExitCode == 137, $"step {step}: exit {stopped.ExitCode}\n{stopped.StandardError}");
            Assert.Contains($"stopped at step {step}", stopped.StandardError);

            var check = await Pspr(repo, null, "render", "--check");
            Assert.DoesNotContain("   at ", check.StandardError);
            Assert.Contains("render: an interrupted render", check.StandardError);
            var tree = Tree(repo);
            if (tree.SequenceEqual(after)) { sawNew = true; Assert.Equal(0, check.ExitCode); }
            else
            {
                Assert.Equal(before, tree);
                Assert.Equal(1, check.ExitCode);
                sawOld = true;
            }
        }
        Assert.True(step > 5, "the swap has staging, commit and rename steps");
        Assert.True(sawOld && sawNew, "killed before its commit point a render rolls back, after it the next run completes it");
        Assert.Equal(after, Tree(repo));
    }

    [Fact]
    public async Task An_interrupted_render_is_completed_by_the_next_render_too()
    {
        using var repo = new RenderTestRepo().WriteValues("c1.yaml", C1);
        Assert.Equal(0, (await Pspr(repo, null, "render")).ExitCode);
        repo.WriteValues("c1.yaml", C1.Replace("1.31", "1.30"));
        // Kill it ever later until the kill falls after the commit point (a journal is left): before it, the tree is untouched.
        var stopped = 0;
        for (var step = 1; step < 500 && stopped == 0; step++)
        {
            var run = await Pspr(repo, new Dictionary<string, string?> { ["PSPR_FAULT_STOP_AT_STEP"] = step.ToString(System.Globalization.CultureInfo.InvariantCulture) }, "render");
            Assert.Equal(137, run.ExitCode);
            if (File.Exists(Path.Combine(repo.Root, ".pspr", "swap", "journal"))) stopped = step;
            else Assert.Equal(1, (await Pspr(repo, null, "render", "--check")).ExitCode);
        }
        Assert.NotEqual(0, stopped);
        var render = await Pspr(repo, null, "render");
        Assert.Equal(0, render.ExitCode);
        Assert.Contains("render: an interrupted render", render.StandardError);
        Assert.False(Directory.Exists(Path.Combine(repo.Root, ".pspr", "swap")));
        Assert.Equal(0, (await Pspr(repo, null, "render", "--check")).ExitCode);
    }

    [Fact]
    public async Task Two_renders_at_once_both_succeed_one_after_the_other()
    {
        using var repo = new RenderTestRepo().WriteValues("c1.yaml", C1).WriteValues("c2.yaml", C2);
        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Pspr(repo, null, "render")));
        Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.StandardError));
        Assert.Equal(0, (await Pspr(repo, null, "render", "--check")).ExitCode);
        Assert.False(Directory.Exists(Path.Combine(repo.Root, ".pspr", "swap")));
    }

    [Fact]
    public async Task A_render_waits_for_the_lock_and_says_who_holds_it()
    {
        using var repo = new RenderTestRepo().WriteValues("c1.yaml", C1);
        Directory.CreateDirectory(Path.Combine(repo.Root, ".pspr"));
        File.WriteAllText(Path.Combine(repo.Root, ".pspr", "render.owner"), "pid 4242 since 2026-01-01T00:00:00Z\n");
        var held = new FileStream(Path.Combine(repo.Root, ".pspr", "render.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        var render = Pspr(repo, null, "render");
        var clock = Stopwatch.StartNew();
        while (!render.IsCompleted && clock.Elapsed < TimeSpan.FromSeconds(8)) await Task.Delay(100);
        Assert.False(render.IsCompleted, "render must wait while another holds the lock");
        await held.DisposeAsync();
        var result = await render;
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("waiting for another render of this repository (pid 4242 since 2026-01-01T00:00:00Z)", result.StandardError);
    }

    [Theory]
    [InlineData("charts", true)]
    [InlineData("helmfile.d", true)]
    [InlineData("docs", true)]
    [InlineData("docs/policies.md", false)]
    public async Task A_path_of_the_wrong_kind_is_exit_2_and_the_tree_is_left_as_it_was(string path, bool fileWhereFolder)
    {
        using var repo = new RenderTestRepo().WriteValues("c1.yaml", C1);
        Assert.Equal(0, (await Pspr(repo, null, "render")).ExitCode);
        repo.WriteValues("c1.yaml", C1.Replace("1.31", "1.30"));
        var target = Path.Combine(repo.Root, path);
        if (Directory.Exists(target)) Directory.Delete(target, true); else File.Delete(target);
        if (fileWhereFolder) File.WriteAllText(target, "in the way\n");
        else Directory.CreateDirectory(target);
        var before = Tree(repo);
        var result = await Pspr(repo, null, "render");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(fileWhereFolder ? $"{path}: a file where render writes the folder" : $"{path}: a folder where render writes the file", result.StandardError);
        Assert.DoesNotContain("   at ", result.StandardError);
        Assert.Equal(before, Tree(repo));
    }

    [Fact]
    public async Task A_file_size_limit_is_exit_2_and_the_tree_is_left_as_it_was()
    {
        using var repo = new RenderTestRepo().WriteValues("c1.yaml", C1);
        Assert.Equal(0, (await Pspr(repo, null, "render")).ExitCode);
        repo.WriteValues("c1.yaml", C1.Replace("1.31", "1.30"));
        var before = Tree(repo);
        // ulimit -f counts 1024-byte blocks: 1 KiB is less than a chart README. The runtime's W^X double mapping
        // needs a large memory file, which the limit forbids, so it is switched off for this process.
        var result = await CliWrap.Cli.Wrap("bash")
            .WithArguments(["-c", "ulimit -f 1; exec dotnet \"$0\" render --root \"$1\"", Path.Combine(AppContext.BaseDirectory, "pspr.dll"), repo.Root])
            .WithEnvironmentVariables(new Dictionary<string, string?> { ["DOTNET_EnableWriteXorExecute"] = "0" })
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("render: writing the new tree failed", result.StandardError);
        Assert.Contains("nothing was changed", result.StandardError);
        Assert.DoesNotContain("   at ", result.StandardError);
        Assert.Equal(before, Tree(repo));
    }

    [Fact]
    public async Task An_immutable_file_in_the_tree_is_exit_2_before_anything_moves()
    {
        using var repo = new RenderTestRepo().WriteValues("c1.yaml", C1);
        Assert.Equal(0, (await Pspr(repo, null, "render")).ExitCode);
        repo.WriteValues("c1.yaml", C1.Replace("1.31", "1.30"));
        var locked = Path.Combine(repo.Root, "charts", "c1", "Chart.yaml");
        var chattr = await CliWrap.Cli.Wrap("chattr").WithArguments(["+i", locked]).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        Assert.True(chattr.ExitCode == 0, "chattr +i needs root and a file system with inode flags: " + chattr.StandardError);
        try
        {
            var before = Tree(repo);
            var result = await Pspr(repo, null, "render");
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("charts/c1/Chart.yaml: immutable or append-only (chattr +i/+a)", result.StandardError);
            Assert.Equal(before, Tree(repo));
        }
        finally { await CliWrap.Cli.Wrap("chattr").WithArguments(["-i", locked]).WithValidation(CommandResultValidation.None).ExecuteAsync(); }
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    [Fact]
    public async Task Leftovers_of_an_older_renders_swap_are_completed_or_removed()
    {
        using var repo = new RenderTestRepo().WriteValues("c1.yaml", C1);
        Assert.Equal(0, (await Pspr(repo, null, "render")).ExitCode);
        var charts = Path.Combine(repo.Root, "charts");
        var rendered = Tree(repo);

        // Killed between its two renames: charts/ gone, the old copy and the complete new one beside it.
        CopyTree(charts, Path.Combine(repo.Root, ".charts.pspr-new-4242"));
        Directory.Move(charts, Path.Combine(repo.Root, ".charts.pspr-old-4242"));
        File.WriteAllText(Path.Combine(repo.Root, "docs", "policies.md.pspr-new-4242"), "partial");
        var check = await Pspr(repo, null, "render", "--check");
        Assert.True(check.ExitCode == 0, check.StandardError);
        Assert.Contains("render: leftovers of an interrupted older render: charts/ completed", check.StandardError);
        Assert.Equal(rendered, Tree(repo));

        // Killed before: charts/ in place, a staging folder beside it.
        CopyTree(charts, Path.Combine(repo.Root, ".charts.pspr-new-77"));
        Assert.Equal(0, (await Pspr(repo, null, "render")).ExitCode);
        Assert.Equal(rendered, Tree(repo));
    }
}
