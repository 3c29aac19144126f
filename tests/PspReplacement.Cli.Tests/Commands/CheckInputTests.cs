using System.Xml.Linq;
using CliWrap.Buffered;

namespace PspReplacement.Cli.Tests.Commands;

/// <summary>check on inputs that must not pass for a check: nothing to check, cluster names that are paths, names the report format cannot hold.</summary>
public class CheckInputTests
{
    private static Task<BufferedCommandResult> Pspr(string? stdin, params string[] args) => PsprProcess.Run(stdin, RepositoryRoot.Find(), args);

    private static void NoStackTrace(BufferedCommandResult result) =>
        Assert.DoesNotContain("   at ", result.StandardError + result.StandardOutput);

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("/etc")]
    [InlineData("wikikube-eqiad/../wikikube-codfw")]
    [InlineData("Wikikube-eqiad")]
    public async Task A_cluster_must_be_a_name_not_a_path(string cluster)
    {
        var result = await Pspr("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n", "check", "--cluster", cluster, "-");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not a cluster name", result.StandardError);
        NoStackTrace(result);
    }

    [Fact]
    public async Task An_empty_folder_is_no_objects_found_not_a_pass()
    {
        var empty = TestData.NewOutputFolder();
        var result = await Pspr(null, "check", "--profile", "restricted", empty);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no objects found", result.StandardError);
    }

    [Fact]
    public async Task Empty_standard_input_is_no_objects_found()
    {
        var result = await Pspr("", "check", "--cluster", "wikikube-eqiad", "-");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("-: no objects found", result.StandardError);
    }

    [Fact]
    public async Task A_character_device_is_refused_without_reading_it()
    {
        var result = await Pspr(null, "check", "--profile", "restricted", "/dev/zero");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("/dev/zero: cannot read: not a regular file", result.StandardError);
    }

    [Fact]
    public async Task A_megabyte_of_nul_bytes_is_one_clear_error()
    {
        var file = Path.Combine(TestData.NewOutputFolder(), "nul.yaml");
        await File.WriteAllBytesAsync(file, new byte[1 << 20]);
        var result = await Pspr(null, "check", "--profile", "restricted", file);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("control characters are not allowed (U+0000)", result.StandardError);
        NoStackTrace(result);
    }

    [Fact]
    public async Task A_control_character_in_a_name_is_escaped_in_junit_and_the_report_is_well_formed()
    {
        var result = await Pspr("apiVersion: v1\nkind: Pod\nmetadata: {name: \"x\\u0001y\"}\nspec: {containers: [{name: a, image: x}]}\n",
            "check", "--profile", "restricted", "-o", "junit", "-");
        Assert.Equal(1, result.ExitCode);
        NoStackTrace(result);
        var xml = XDocument.Parse(result.StandardOutput);
        Assert.Contains(xml.Descendants("testcase"), t => (string?)t.Attribute("name") == "Pod default/x\\u0001y: privilege-escalation");
    }

    private const string PrivilegedPod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: x, securityContext: {privileged: true}}]}\n";

    [Fact]
    public async Task Kubectl_style_options_name_the_namespace_the_files_and_the_version()
    {
        var file = Path.Combine(TestData.NewOutputFolder(), "pod.yaml");
        await File.WriteAllTextAsync(file, PrivilegedPod);
        var result = await Pspr(null, "check", "--cluster", "wikikube-eqiad", "-n", "apertium", "-f", file, "--kube-version", "1.31");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Pod apertium/p: DENIED", result.StandardOutput);
        Assert.Contains("note: objects whose manifest names no namespace are checked in apertium", result.StandardOutput);
        var none = await Pspr(null, "check", "--cluster", "wikikube-eqiad");
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("give the manifests to check", none.StandardError);
    }

    [Fact]
    public async Task Check_finds_the_repository_from_a_subfolder_as_render_does()
    {
        var result = await PsprProcess.Run(PrivilegedPod, Path.Combine(RepositoryRoot.Find(), "docs"), ["check", "--cluster", "wikikube-eqiad", "-n", "apertium", "-"]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Pod apertium/p: DENIED", result.StandardOutput);
    }

    [Fact]
    public async Task Quiet_prints_only_what_fails_and_the_summary()
    {
        var ok = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\n";
        var result = await Pspr(ok + PrivilegedPod, "check", "--profile", "restricted", "-q", "-");
        Assert.Equal(1, result.ExitCode);
        Assert.DoesNotContain("ConfigMap", result.StandardOutput);
        Assert.Contains("Pod default/p: DENIED", result.StandardOutput);
        Assert.EndsWith("2 objects: 0 admitted, 1 denied, 1 not matched\n", result.StandardOutput);
    }

    [Fact]
    public async Task A_denial_says_once_how_values_configure_its_namespace()
    {
        var pods = PrivilegedPod.Replace("{name: p}", "{name: p, namespace: mw-web}") + "---\n" + PrivilegedPod.Replace("{name: p}", "{name: p2, namespace: mw-web}")
                   + "---\n" + PrivilegedPod.Replace("{name: p}", "{name: q, namespace: unlisted}");
        var result = await Pspr(pods, "check", "--cluster", "wikikube-eqiad", "-");
        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.StandardOutput.Split('\n'), l => l == "  namespace mw-web: restricted; add-backs sys-ptrace, geoip-hostpath");
        Assert.Contains("  namespace unlisted: not in values: defaultProfile restricted\n", result.StandardOutput);
    }

    [Fact]
    public async Task A_denial_that_an_add_back_would_admit_names_the_add_backs_and_their_namespaces()
    {
        const string php = "apiVersion: v1\nkind: Pod\nmetadata: {name: php, namespace: apertium}\nspec:\n  securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}\n" +
                           "  containers: [{name: php-fpm, image: 'registry.example/php:8.1', securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL], add: [SYS_PTRACE]}}}]\n";
        var result = await Pspr(php, "check", "--cluster", "wikikube-eqiad", "-");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("warning: namespaces with the add-backs geoip-hostpath, sys-ptrace admit this (mw-api-ext, mw-api-int, mw-debug, mw-jobrunner, mw-parsoid, mw-web): if apertium needs them", result.StandardOutput);
        var privileged = await Pspr(PrivilegedPod.Replace("{name: p}", "{name: p, namespace: apertium}"), "check", "--cluster", "wikikube-eqiad", "-");
        Assert.DoesNotContain("add-backs", privileged.StandardOutput);
    }
}
