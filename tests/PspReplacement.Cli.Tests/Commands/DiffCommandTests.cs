using System.Text.Json;
using CliWrap;
using CliWrap.Buffered;

namespace PspReplacement.Cli.Tests.Commands;

/// <summary>pspr diff in a git repository of its own: what a values change does, against the committed state or a revision.</summary>
public sealed class DiffCommandTests : IDisposable
{
    private const string C1 = "name: c1\nkubernetesVersion: \"1.31\"\nnamespaces:\n  web: {profile: restricted}\n  mw: {addBacks: [sys-ptrace]}\n";
    private readonly RenderTestRepo _repo = new RenderTestRepo().WriteValues("c1.yaml", C1);

    public void Dispose() => _repo.Dispose();

    private async Task Git(params string[] args)
    {
        var result = await CliWrap.Cli.Wrap("git").WithArguments(["-c", "user.email=test@example.org", "-c", "user.name=test", .. args])
            .WithWorkingDirectory(_repo.Root).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        Assert.True(result.ExitCode == 0, result.StandardError);
    }

    private async Task Committed()
    {
        await Git("init", "-q");
        await Git("add", "-A");
        await Git("commit", "-q", "-m", "base");
    }

    private Task<BufferedCommandResult> Diff(params string[] args) => PsprProcess.Run(null, _repo.Root, ["diff", .. args, "--root", _repo.Root]);

    [Fact]
    public async Task Nothing_changed_says_so()
    {
        await Committed();
        var result = await Diff();
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("no change to what any cluster enforces (against HEAD)\n", result.StandardOutput);
    }

    [Fact]
    public async Task A_values_change_is_told_per_namespace_and_what_opens_up_is_flagged()
    {
        await Committed();
        _repo.WriteValues("c1.yaml", "name: c1\nkubernetesVersion: \"1.31\"\nnamespaces:\n  web: {profile: baseline}\n  mw: {addBacks: []}\n  api: {exclude: [privileged-containers]}\n" +
                                     "exemptions:\n  namespaces: [kube-node-lease, kube-public, kube-system]\n  runtimeClassNames: [runc]\npolicies:\n  run-as-non-root: {validationActions: [Audit]}\n");
        var result = await Diff();
        Assert.True(result.ExitCode == 0, result.StandardError);
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("RISK c1: exempt runtime classes: + runc", lines);
        Assert.Contains("RISK c1: policy run-as-non-root: validationActions [Deny, Audit] → [Audit]", lines);
        Assert.Contains("RISK c1: namespace web: profile restricted → baseline", lines);
        Assert.Contains("c1: namespace mw: loses add-back sys-ptrace: its rules apply in full again", lines);
        Assert.Contains(lines, l => l.StartsWith("RISK c1: namespace api: new namespace: profile restricted, opts out of privileged-containers", StringComparison.Ordinal));

        var json = await Diff("-o", "json");
        using var doc = JsonDocument.Parse(json.StandardOutput);
        var changes = doc.RootElement.GetProperty("clusters")[0].GetProperty("changes").EnumerateArray().ToList();
        Assert.Contains(changes, c => c.GetProperty("namespace").GetString() == "web" && c.GetProperty("risky").GetBoolean());

        var markdown = await Diff("-o", "markdown");
        Assert.StartsWith("## Pod Security changes against `HEAD`\n\n### c1\n\n", markdown.StandardOutput);
        Assert.Contains("- ⚠️ **`web`: profile restricted → baseline**", markdown.StandardOutput);
    }

    [Fact]
    public async Task Gaining_an_add_back_says_what_it_allows()
    {
        await Committed();
        _repo.WriteValues("c1.yaml", C1.Replace("web: {profile: restricted}", "web: {profile: restricted, addBacks: [sys-ptrace]}"));
        var result = await Diff();
        Assert.Contains("c1: namespace web: gains add-back sys-ptrace: ", result.StandardOutput);
    }

    [Fact]
    public async Task A_revision_git_does_not_know_is_exit_2()
    {
        await Committed();
        var result = await Diff("--base", "no-such-branch");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--base no-such-branch: git cannot read", result.StandardError);
        Assert.DoesNotContain("   at ", result.StandardError);
    }

    [Fact]
    public async Task Render_prints_the_security_changes_against_the_committed_state()
    {
        await Committed();
        _repo.WriteValues("c1.yaml", C1.Replace("web: {profile: restricted}", "web: {profile: privileged}"));
        var render = await PsprProcess.Run(null, _repo.Root, ["render", "--root", _repo.Root]);
        Assert.Equal(0, render.ExitCode);
        Assert.Contains("render: security changes against HEAD (pspr diff):\n  RISK c1: namespace web: profile restricted → privileged\n", render.StandardError);
    }
}
