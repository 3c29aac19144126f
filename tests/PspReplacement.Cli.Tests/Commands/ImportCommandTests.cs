using CliWrap.Buffered;

namespace PspReplacement.Cli.Tests.Commands;

/// <summary>`pspr import kyverno` as a user runs it: exit statuses, report, help.</summary>
public sealed class ImportCommandTests : IDisposable
{
    private readonly string output = TestData.NewOutputFolder();

    public void Dispose() => Directory.Delete(output, recursive: true);

    private static Task<BufferedCommandResult> Pspr(params string[] args) => PsprProcess.Run(args);

    [Fact]
    public async Task Everything_imported_exits_0_and_skips_exit_1_with_each_skip_listed()
    {
        var clean = await Pspr("import", "kyverno", TestData.KyvernoSample("validating-policy"), "--out", output);
        Assert.Equal(0, clean.ExitCode);
        Assert.StartsWith($"imported 4 policies with 11 test cases into {output}: 8 files written, 0 unchanged", clean.StandardOutput);

        var skipped = await Pspr("import", "kyverno", TestData.KyvernoSample("unsupported"), "--out", output);
        Assert.Equal(1, skipped.ExitCode);
        Assert.Contains("  tests/PspReplacement.Tests/Import/samples/unsupported/everything-unsupported.yaml: ClusterPolicy unsupported, rule foreach-rule: validate.foreach", skipped.StandardOutput);
    }

    [Fact]
    public async Task A_second_run_reports_everything_unchanged()
    {
        await Pspr("import", "kyverno", TestData.KyvernoSample("validating-policy"), "--out", output);
        var again = await Pspr("import", "kyverno", TestData.KyvernoSample("validating-policy"), "--out", output);
        Assert.Equal(0, again.ExitCode);
        Assert.Equal($"imported 4 policies with 11 test cases into {output}: 0 files written, 8 unchanged\n", again.StandardOutput);
    }

    [Fact]
    public async Task A_hand_edited_file_exits_1_naming_the_file_and_force_overwrites_it()
    {
        await Pspr("import", "kyverno", TestData.KyvernoSample("validating-policy"), "--out", output);
        var file = Path.Combine(output, "restricted", "restrict-loadbalancer", "policy.yaml");
        File.AppendAllText(file, "# my note\n");
        var refused = await Pspr("import", "kyverno", TestData.KyvernoSample("validating-policy"), "--out", output);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains($"{Path.Combine(output, "restricted/restrict-loadbalancer/policy.yaml")} was edited by hand", refused.StandardError);
        Assert.Contains("--force", refused.StandardError);
        Assert.EndsWith("# my note\n", File.ReadAllText(file));

        var forced = await Pspr("import", "kyverno", TestData.KyvernoSample("validating-policy"), "--out", output, "--force");
        Assert.Equal(0, forced.ExitCode);
        Assert.DoesNotContain("# my note", File.ReadAllText(file));
    }

    [Fact]
    public async Task Unreadable_input_exits_2_without_a_stack_trace()
    {
        var broken = Path.Combine(output, "broken.yaml");
        File.WriteAllText(broken, "kind: ClusterPolicy\n  bad: [\n");
        var result = await Pspr("import", "kyverno", broken, "--out", Path.Combine(output, "out"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("broken.yaml:", result.StandardError);
        Assert.DoesNotContain("   at ", result.StandardError);
    }

    [Theory]
    [InlineData("--kubernetes-version", "banana")]
    [InlineData("--kubernetes-version", "1.99")]
    [InlineData("--profile", "privileged")]
    public async Task Bad_flags_exit_2(string flag, string value)
    {
        var result = await Pspr("import", "kyverno", TestData.KyvernoSample("validating-policy"), "--out", output, flag, value);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(flag, result.StandardError);
    }

    [Fact]
    public async Task An_older_kubernetes_version_rejects_expressions_its_cel_does_not_have()
    {
        var policy = Path.Combine(output, "optional.yaml");
        File.WriteAllText(policy, """
            apiVersion: policies.kyverno.io/v1
            kind: ValidatingPolicy
            metadata: {name: uses-optionals}
            spec:
              matchConstraints:
                resourceRules: [{apiGroups: [""], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [pods]}]
              validations:
                - expression: "object.spec.?hostNetwork.orValue(false) == false"
            """);
        var latest = await Pspr("import", "kyverno", policy, "--out", Path.Combine(output, "latest"));
        Assert.Equal(0, latest.ExitCode);
        var old = await Pspr("import", "kyverno", policy, "--out", Path.Combine(output, "old"), "--kubernetes-version", "1.26");
        Assert.Equal(1, old.ExitCode);
        Assert.Contains("ValidatingPolicy uses-optionals: spec.validations[0].expression does not compile for Kubernetes 1.26", old.StandardOutput);
    }

    [Fact]
    public async Task Help_documents_the_decisions()
    {
        var help = await Pspr("import", "kyverno", "--help");
        Assert.Equal(0, help.ExitCode);
        foreach (var text in new[] { "--out", "--kubernetes-version", "--profile", "--force", "default restricted", "policy name", "Exit status" })
            Assert.Contains(text, help.StandardOutput);
    }
}
