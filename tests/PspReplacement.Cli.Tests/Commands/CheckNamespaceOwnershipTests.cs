using CliWrap.Buffered;

namespace PspReplacement.Cli.Tests.Commands;

/// <summary>
/// A Namespace among the checked manifests cannot relabel a namespace the configuration owns: in the cluster the
/// namespaces release owns those labels and a service chart cannot change them, so the offline verdict must not
/// change either. Only namespaces the configuration does not know take labels from such a document.
/// </summary>
public class CheckNamespaceOwnershipTests
{
    private const string PrivilegedPod = """
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: mw-web}
        spec: {containers: [{name: a, image: x, securityContext: {privileged: true}}]}
        """;

    private static Task<BufferedCommandResult> Check(string yaml, params string[] args) =>
        PsprProcess.Run(yaml, RepositoryRoot.Find(), ["check", .. args, "-"]);

    [Fact]
    public async Task A_namespace_document_that_relabels_an_owned_namespace_privileged_is_a_conflict_and_the_pod_stays_denied()
    {
        var result = await Check("""
            apiVersion: v1
            kind: Namespace
            metadata: {name: mw-web, labels: {pod-security.wmf.org/profile: privileged}}
            """ + "\n" + PrivilegedPod, "--cluster", "wikikube-eqiad");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Namespace mw-web: labels pod-security.wmf.org/profile=privileged (configured: restricted) conflict", result.StandardError + result.StandardOutput);
        Assert.Contains("Pod mw-web/p: DENIED", result.StandardOutput);
        Assert.DoesNotContain("Exception", result.StandardError);
    }

    [Fact]
    public async Task An_opt_out_label_the_configuration_does_not_set_is_a_conflict_too()
    {
        var result = await Check("""
            apiVersion: v1
            kind: Namespace
            metadata: {name: mw-web, labels: {pod-security.wmf.org/privileged-containers: exclude}}
            """ + "\n" + PrivilegedPod, "--cluster", "wikikube-eqiad");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("pod-security.wmf.org/privileged-containers=exclude (configured: not set)", result.StandardError + result.StandardOutput);
        Assert.Contains("Pod mw-web/p: DENIED", result.StandardOutput);
    }

    [Fact]
    public async Task With_profile_every_namespace_is_configured_so_a_document_excluding_a_policy_does_not_admit()
    {
        var result = await Check("""
            apiVersion: v1
            kind: Namespace
            metadata: {name: mw-web, labels: {pod-security.wmf.org/privileged-containers: exclude, pod-security.wmf.org/profile: privileged}}
            """ + "\n" + PrivilegedPod, "--profile", "restricted");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("conflict with the namespace's configured labels", result.StandardError + result.StandardOutput);
        Assert.Contains("Pod mw-web/p: DENIED", result.StandardOutput);
    }

    [Fact]
    public async Task A_document_repeating_the_configured_labels_is_no_conflict()
    {
        var result = await Check("""
            apiVersion: v1
            kind: Namespace
            metadata: {name: mw-web, labels: {pod-security.wmf.org/profile: restricted, team: wiki}}
            """ + "\n" + PrivilegedPod, "--cluster", "wikikube-eqiad");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Pod mw-web/p: DENIED", result.StandardOutput);
        Assert.DoesNotContain("conflict", result.StandardError + result.StandardOutput);
    }

    [Fact]
    public async Task A_namespace_the_configuration_does_not_know_takes_the_documents_labels_and_the_output_says_so()
    {
        var result = await Check("""
            apiVersion: v1
            kind: Namespace
            metadata: {name: brand-new, labels: {pod-security.wmf.org/profile: restricted}}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: p, namespace: brand-new}
            spec: {containers: [{name: a, image: x, securityContext: {privileged: true}}]}
            """, "--cluster", "wikikube-eqiad");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("namespace brand-new is not in the configuration: the labels of this document apply", result.StandardOutput + result.StandardError);
        Assert.Contains("Pod brand-new/p: DENIED", result.StandardOutput);
    }
}
