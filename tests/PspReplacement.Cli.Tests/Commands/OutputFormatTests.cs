using System.Text.Json;
using CliWrap;
using CliWrap.Buffered;

namespace PspReplacement.Cli.Tests.Commands;

/// <summary>`-o json` of render and import (one JSON document on standard output), and shell completion through the real bash.</summary>
public sealed class OutputFormatTests : IDisposable
{
    private readonly RenderTestRepo _repo = new RenderTestRepo().WriteValues("c1.yaml", "name: c1\nkubernetesVersion: \"1.31\"\nnamespaces:\n  web: {profile: baseline}\n");
    private readonly string _importOut = TestData.NewOutputFolder();

    public void Dispose()
    {
        _repo.Dispose();
        Directory.Delete(_importOut, recursive: true);
    }

    private Task<BufferedCommandResult> Pspr(params string[] args) => PsprProcess.Run(null, _repo.Root, args);

    [Fact]
    public async Task Render_json_lists_each_cluster_and_the_changed_files_then_check_json_lists_the_drift()
    {
        var render = await Pspr("render", "-o", "json");
        Assert.True(render.ExitCode == 0, render.StandardError);
        using (var doc = JsonDocument.Parse(render.StandardOutput))
        {
            var cluster = Assert.Single(doc.RootElement.GetProperty("clusters").EnumerateArray());
            Assert.Equal("c1", cluster.GetProperty("name").GetString());
            Assert.Equal("1.31", cluster.GetProperty("kubernetesVersion").GetString());
            Assert.Equal("admissionregistration.k8s.io/v1", cluster.GetProperty("admissionApiVersion").GetString());
            Assert.True(cluster.GetProperty("policies").GetInt32() > 0);
            var changed = doc.RootElement.GetProperty("changed").EnumerateArray().Select(e => e.GetString()).ToList();
            Assert.Contains("charts/c1/Chart.yaml", changed);
            Assert.Contains("helmfile.d/pod-security.yaml.gotmpl", changed);
        }
        Assert.DoesNotContain("c1: Kubernetes", render.StandardError); // the summary is in the JSON, not beside it

        var clean = await Pspr("render", "--check", "-o", "json");
        Assert.Equal(0, clean.ExitCode);
        using (var doc = JsonDocument.Parse(clean.StandardOutput))
        {
            Assert.True(doc.RootElement.GetProperty("upToDate").GetBoolean());
            Assert.Empty(doc.RootElement.GetProperty("drift").EnumerateArray());
        }

        File.AppendAllText(Path.Combine(_repo.Root, "charts/c1/README.md"), "hand edit\n");
        var drifted = await Pspr("render", "--check", "-o", "json");
        Assert.Equal(1, drifted.ExitCode);
        using (var doc = JsonDocument.Parse(drifted.StandardOutput))
        {
            Assert.False(doc.RootElement.GetProperty("upToDate").GetBoolean());
            var drift = Assert.Single(doc.RootElement.GetProperty("drift").EnumerateArray());
            Assert.Equal("charts/c1/README.md", drift.GetProperty("path").GetString());
            Assert.Contains("-hand edit", drift.GetProperty("diff").GetString());
        }

        var unknown = await Pspr("render", "-o", "xml");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("'xml' not recognized", unknown.StandardError);
    }

    [Theory]
    [InlineData("render", "--check")]
    [InlineData("diff", "--base", "HEAD")] // in this repository, the only one with git
    public async Task Yaml_output_is_the_json_document_as_yaml(params string[] command)
    {
        Assert.Equal(0, (await Pspr("render")).ExitCode);
        var cwd = command[0] == "diff" ? RepositoryRoot.Find() : _repo.Root;
        var json = await PsprProcess.Run(null, cwd, [.. command, "-o", "json"]);
        var yaml = await PsprProcess.Run(null, cwd, [.. command, "-o", "yaml"]);
        Assert.True(json.ExitCode is 0 or 1, json.StandardError);
        Assert.Equal(json.ExitCode, yaml.ExitCode);
        Assert.DoesNotContain("{", yaml.StandardOutput.Split('\n')[0]);
        var fromYaml = PspReplacement.Yaml.SourceJson.ToJson(Assert.Single(PspReplacement.Yaml.SourceYamlReader.ReadDocuments(yaml.StandardOutput, "stdout")));
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(json.StandardOutput), fromYaml),
            $"json:\n{json.StandardOutput}\nyaml:\n{yaml.StandardOutput}");
    }

    [Fact]
    public async Task Import_json_reports_what_was_written_and_skipped_with_the_text_exit_status()
    {
        var clean = await Pspr("import", "kyverno", TestData.KyvernoSample("validating-policy"), "--out", _importOut, "-o", "json");
        Assert.True(clean.ExitCode == 0, clean.StandardError);
        using (var doc = JsonDocument.Parse(clean.StandardOutput))
        {
            Assert.Equal(4, doc.RootElement.GetProperty("policies").GetArrayLength());
            Assert.Equal(11, doc.RootElement.GetProperty("testCases").GetInt32());
            Assert.Equal(8, doc.RootElement.GetProperty("written").GetArrayLength());
            Assert.False(doc.RootElement.GetProperty("refused").GetBoolean());
        }

        var skipped = await Pspr("import", "kyverno", TestData.KyvernoSample("unsupported"), "--out", _importOut, "-o", "json");
        Assert.Equal(1, skipped.ExitCode);
        using (var doc = JsonDocument.Parse(skipped.StandardOutput))
            Assert.Contains(doc.RootElement.GetProperty("skipped").EnumerateArray(), s => $"{s.GetProperty("what").GetString()}: {s.GetProperty("reason").GetString()}".Contains("rule foreach-rule: validate.foreach", StringComparison.Ordinal));
    }

    /// <summary>Runs the printed bash script in bash, as a user's shell would on TAB, and returns COMPREPLY.</summary>
    private async Task<string[]> BashComplete(string line)
    {
        var script = await Pspr("completion", "bash");
        Assert.True(script.ExitCode == 0, script.StandardError);
        var file = Path.Combine(_repo.Root, "completion.bash");
        File.WriteAllText(file, script.StandardOutput);
        // The script calls the command word, as the shell would: a wrapper that runs this pspr.
        var wrapper = Path.Combine(_repo.Root, "pspr");
        File.WriteAllText(wrapper, $"#!/usr/bin/env bash\nexec {PsprProcess.CommandLine} \"$@\"\n");
        var words = line.Split(' ');
        var run = $"chmod +x {wrapper}; source {file}; COMP_LINE='{line}'; COMP_POINT=${{#COMP_LINE}}; COMP_WORDS=({string.Join(' ', words.Select(w => $"'{w}'"))}); " +
                  $"COMP_CWORD={words.Length - 1}; _pspr_complete; printf '%s\\n' \"${{COMPREPLY[@]}}\"";
        var result = await CliWrap.Cli.Wrap("bash").WithArguments(["-c", run]).WithWorkingDirectory(_repo.Root)
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        Assert.True(result.ExitCode == 0, result.StandardError);
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public async Task Bash_completion_completes_commands_options_and_the_repository_clusters()
    {
        _repo.WriteValues("c2.yaml", "name: c2\nkubernetesVersion: \"1.31\"\n");
        Assert.Equal(["render"], await BashComplete("./pspr ren"));
        Assert.Equal(["c1", "c2"], await BashComplete("./pspr check --cluster "));
        Assert.Equal(["c2"], await BashComplete("./pspr render --cluster c2"));
        Assert.Contains("--kube-version", await BashComplete("./pspr check --kube"));
        Assert.Equal(["baseline", "restricted"], await BashComplete("./pspr check --profile "));
    }

    [Fact]
    public async Task A_completion_request_the_parser_cannot_handle_prints_nothing_and_no_stack_trace()
    {
        // System.CommandLine 2.0.0 throws while completing the value of an option with a fixed set of values.
        var line = "pspr check --profile b";
        var result = await Pspr($"[suggest:{line.Length}]", line);
        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("   at ", result.StandardError + result.StandardOutput);

        var unknownShell = await Pspr("completion", "powershell");
        Assert.Equal(2, unknownShell.ExitCode);
    }
}
