using System.Text.Json;
using CliWrap;
using CliWrap.Buffered;

namespace PspReplacement.Cli.Tests.Commands;

/// <summary>
/// Real charts rendered by the real helm and piped into pspr check, as a deployer does: `helm create`'s chart, and a
/// service chart written the way large organisations write them (testdata/charts/wiki-service: null lists from
/// toYaml, a ConfigMap whose block scalar starts with a line of spaces, a duplicate label key, pod templates without
/// metadata, init containers, a CronJob, a hook Job, MediaWiki's SYS_PTRACE and GeoIP hostPath). Every object's verdict
/// is asserted, with the reason the apiserver would give.
/// </summary>
public sealed class RealChartTests : IDisposable
{
    private static readonly string Root = RepositoryRoot.Find();
    private static string Helm => Path.Combine(Root, ".tools", "bin", "helm");
    private static readonly string WikiChart = Path.Combine(Root, "tests", "PspReplacement.Tests", "testdata", "charts", "wiki-service");
    private readonly string _home = Directory.CreateTempSubdirectory("pspr-helm-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private async Task<string> HelmTemplate(params string[] args)
    {
        Assert.True(File.Exists(Helm), $"{Helm} is missing: run scripts/install-tools.sh (./test.sh does)");
        var result = await CliWrap.Cli.Wrap(Helm).WithArguments(args).WithWorkingDirectory(_home)
            .WithEnvironmentVariables(e => e.Set("HELM_CACHE_HOME", Path.Combine(_home, "cache")).Set("HELM_CONFIG_HOME", Path.Combine(_home, "config")).Set("HELM_DATA_HOME", Path.Combine(_home, "data")))
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        Assert.True(result.ExitCode == 0, result.StandardError);
        return result.StandardOutput;
    }

    private sealed record Verdict(string Kind, string Name, string Outcome, string[] DenyingPolicies, string Messages, string[] Warnings);

    private static async Task<(int ExitCode, List<Verdict> Verdicts, string StdErr)> Check(string manifests, params string[] args)
    {
        var result = await PsprProcess.Run(manifests, Root, ["check", .. args, "-o", "json", "-"]);
        using var json = JsonDocument.Parse(result.StandardOutput);
        var verdicts = json.RootElement.GetProperty("results").EnumerateArray().Select(r =>
        {
            var violations = r.GetProperty("violations").EnumerateArray().Where(v => v.GetProperty("actions").EnumerateArray().Any(a => a.GetString() == "Deny")).ToList();
            var outcome = r.GetProperty("invalid").ValueKind == JsonValueKind.String ? "invalid"
                : !r.GetProperty("matched").GetBoolean() ? "not matched"
                : r.GetProperty("allowed").GetBoolean() ? "admitted" : "denied";
            return new Verdict(r.GetProperty("kind").GetString()!, r.GetProperty("name").GetString()!, outcome,
                violations.Select(v => v.GetProperty("policy").GetString()!).Order(StringComparer.Ordinal).ToArray(),
                string.Join("\n", violations.Select(v => v.GetProperty("message").GetString())),
                r.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!).ToArray());
        }).ToList();
        return (result.ExitCode, verdicts, result.StandardError);
    }

    [Fact]
    public async Task Helm_creates_chart_is_baseline_clean_and_denied_at_restricted_for_the_four_missing_fields()
    {
        await HelmTemplate("create", "demo");
        var manifests = await HelmTemplate("template", "demo", Path.Combine(_home, "demo"));

        var baseline = await Check(manifests, "--profile", "baseline");
        Assert.Equal(0, baseline.ExitCode);
        Assert.Equal(["ServiceAccount demo: not matched", "Service demo: not matched", "Deployment demo: admitted", "Pod demo-test-connection: admitted"],
            baseline.Verdicts.Select(v => $"{v.Kind} {v.Name}: {v.Outcome}"));

        var restricted = await Check(manifests, "--profile", "restricted");
        Assert.Equal(1, restricted.ExitCode);
        // helm create leaves securityContext commented out: nothing drops capabilities, forbids escalation, runs as
        // non-root or sets a seccomp profile, in the Deployment's template as in the test hook's Pod.
        var deployment = restricted.Verdicts.Single(v => v.Kind == "Deployment");
        Assert.Equal(["capabilities-restricted-controllers", "privilege-escalation-controllers", "running-as-non-root-controllers", "seccomp-restricted-controllers"], deployment.DenyingPolicies);
        Assert.Contains("container \"demo\" must set securityContext.capabilities.drop=[\"ALL\"]", deployment.Messages);
        var hook = restricted.Verdicts.Single(v => v.Kind == "Pod");
        Assert.Equal(["capabilities-restricted", "privilege-escalation", "running-as-non-root", "seccomp-restricted"], hook.DenyingPolicies);
    }

    [Fact]
    public async Task A_service_chart_of_real_world_habits_reads_completely_and_is_judged_object_by_object()
    {
        var manifests = await HelmTemplate("template", "wiki", WikiChart);
        // mw-web in wikikube-eqiad: restricted with the sys-ptrace and geoip-hostpath add-backs, as MediaWiki runs.
        var mwWeb = await Check(manifests, "--cluster", "wikikube-eqiad", "--namespace", "mw-web");
        Assert.True(mwWeb.ExitCode == 0, string.Join("\n", mwWeb.Verdicts) + mwWeb.StdErr);
        Assert.Equal([
            "ServiceAccount wiki: not matched",
            "ConfigMap wiki-php: not matched",     // block scalar starting with a line of spaces
            "Service wiki: not matched",
            "Deployment wiki: admitted",           // SYS_PTRACE and the read-only GeoIP hostPath are its add-backs; null lists absent
            "CronJob wiki-purge: admitted",        // a pod template without metadata
            "Job wiki-migrate: admitted",          // volumes: null
        ], mwWeb.Verdicts.Select(v => $"{v.Kind} {v.Name}: {v.Outcome}"));
        // The duplicate label key is read as kubectl reads it (the last value) and reported with both lines.
        Assert.Contains(mwWeb.Verdicts.Single(v => v.Kind == "Deployment").Warnings, w => w.Contains("duplicate key", StringComparison.OrdinalIgnoreCase));

        // The same chart in a namespace without the add-backs: the Deployment is denied for exactly those two things.
        var plain = await Check(manifests, "--profile", "restricted");
        var deployment = plain.Verdicts.Single(v => v.Kind == "Deployment");
        Assert.Equal("denied", deployment.Outcome);
        Assert.Equal(["capabilities-restricted-controllers", "volume-types-controllers"], deployment.DenyingPolicies);
        Assert.Contains("SYS_PTRACE", deployment.Messages);
        Assert.Contains("hostPath", deployment.Messages);
        Assert.All(plain.Verdicts.Where(v => v.Kind != "Deployment"), v => Assert.NotEqual("denied", v.Outcome));
    }

    [Fact]
    public async Task A_denial_by_an_add_backs_policy_names_the_rule_it_relaxes()
    {
        const string pod = """
            apiVersion: v1
            kind: Pod
            metadata: {name: p, namespace: mw-web}
            spec:
              securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
              containers:
              - name: c
                image: x
                securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL], add: [SYS_PTRACE, NET_ADMIN]}}
            """;
        var text = await PsprProcess.Run(pod, Root, ["check", "--cluster", "wikikube-eqiad", "-"]);
        Assert.Equal(1, text.ExitCode);
        Assert.Contains("  capabilities-restricted, as relaxed by sys-ptrace (policy sys-ptrace-capabilities-restricted) [Deny, Audit]: ", text.StandardOutput);
        Assert.Contains("must not include \"NET_ADMIN\"", text.StandardOutput);

        var json = await PsprProcess.Run(pod, Root, ["check", "--cluster", "wikikube-eqiad", "-o", "json", "-"]);
        using var document = JsonDocument.Parse(json.StandardOutput);
        var violation = document.RootElement.GetProperty("results")[0].GetProperty("violations").EnumerateArray().Single();
        Assert.Equal("sys-ptrace-capabilities-restricted", violation.GetProperty("policy").GetString());
        Assert.Equal("capabilities-restricted", violation.GetProperty("relaxes").GetString());
        Assert.Equal("sys-ptrace", violation.GetProperty("addBack").GetString());

        // A base rule's denial carries neither: the same pod in a restricted namespace without add-backs.
        var plain = await PsprProcess.Run(pod.Replace("mw-web", "apertium", StringComparison.Ordinal), Root, ["check", "--cluster", "wikikube-eqiad", "-o", "json", "-"]);
        using var plainDocument = JsonDocument.Parse(plain.StandardOutput);
        var baseRule = plainDocument.RootElement.GetProperty("results")[0].GetProperty("violations").EnumerateArray().Single();
        Assert.Equal("capabilities-restricted", baseRule.GetProperty("policy").GetString());
        Assert.False(baseRule.TryGetProperty("relaxes", out _));
    }

    [Fact]
    public async Task A_privileged_object_after_the_others_is_not_lost_and_is_denied()
    {
        var manifests = await HelmTemplate("template", "wiki", WikiChart, "--set", "debug.enabled=true");
        var result = await Check(manifests, "--cluster", "wikikube-eqiad", "--namespace", "mw-web");
        Assert.Equal(1, result.ExitCode);
        var debug = result.Verdicts.Single(v => v.Kind == "DaemonSet");
        Assert.Equal("denied", debug.Outcome);
        Assert.Contains("privileged-containers-controllers", debug.DenyingPolicies);
        Assert.Contains("host-namespaces-controllers", debug.DenyingPolicies);
        Assert.Equal(7, result.Verdicts.Count);
    }
}
