using CliWrap.Buffered;

namespace PspReplacement.Cli.Tests.Commands;

/// <summary>
/// pspr check judges the object the apiserver hands to a policy, not the manifest's text: each case is something a
/// real chart writes that the apiserver decodes, defaults or refuses before admission.
/// </summary>
public class ApiServerObjectCheckTests
{
    private static Task<BufferedCommandResult> Check(string yaml, params string[] args) =>
        PsprProcess.Run(yaml, RepositoryRoot.Find(), ["check", .. args, "-"]);

    private const string RestrictedContainer = "{name: app, image: 'registry.example/app:1.2', securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}}";
    private const string RestrictedPodSecurity = "securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}";

    [Fact]
    public async Task Null_lists_in_a_compliant_pod_are_absent_fields_not_a_denial()
    {
        var result = await Check($"apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  {RestrictedPodSecurity}\n  volumes: null\n  initContainers: null\n  ephemeralContainers: null\n  containers: [{RestrictedContainer}]\n",
            "--profile", "restricted");
        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        Assert.Contains("Pod default/p: admitted", result.StandardOutput);
    }

    [Fact]
    public async Task Controllers_whose_pod_template_has_no_metadata_are_judged_like_their_pods()
    {
        var yaml = $$$"""
            apiVersion: batch/v1
            kind: Job
            metadata: {name: migrate}
            spec:
              template:
                spec:
                  restartPolicy: Never
                  {{{RestrictedPodSecurity}}}
                  containers: [{{{RestrictedContainer}}}]
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              selector: {matchLabels: {app: web}}
              template:
                spec:
                  {{{RestrictedPodSecurity}}}
                  containers: [{{{RestrictedContainer}}}]
            ---
            apiVersion: batch/v1
            kind: CronJob
            metadata: {name: nightly}
            spec:
              schedule: "@daily"
              jobTemplate:
                spec:
                  template:
                    spec:
                      restartPolicy: OnFailure
                      {{{RestrictedPodSecurity}}}
                      containers: [{{{RestrictedContainer}}}]
            """;
        var result = await Check(yaml, "--profile", "restricted");
        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        Assert.DoesNotContain("no such key", result.StandardOutput);
        Assert.Contains("3 objects: 3 admitted", result.StandardOutput);
    }

    [Fact]
    public async Task A_volume_without_a_source_is_the_emptyDir_the_apiserver_makes_of_it()
    {
        var result = await Check($"apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  {RestrictedPodSecurity}\n  volumes: [{{name: scratch}}]\n  containers: [{RestrictedContainer}]\n",
            "--profile", "restricted");
        Assert.True(result.ExitCode == 0, result.StandardOutput);
    }

    [Fact]
    public async Task A_third_party_policy_sees_omitempty_zero_values_as_absent_as_in_the_cluster()
    {
        var policies = Path.Combine(Path.GetTempPath(), $"pspr-haspolicy-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(policies, """
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicy
            metadata: {name: no-host-ports}
            spec:
              matchConstraints:
                resourceRules: [{apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [pods]}]
              validations:
                - expression: "object.spec.containers.all(c, !has(c.ports) || c.ports.all(p, !has(p.hostPort)))"
                  message: hostPort is set
                - expression: "!has(object.spec.hostNetwork)"
                  message: hostNetwork is set
                - expression: "object.spec.containers.all(c, c.imagePullPolicy == 'IfNotPresent')"
                  message: not defaulted
            """);
        try
        {
            var result = await Check("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostNetwork: false\n  containers: [{name: app, image: 'nginx:1.27', ports: [{containerPort: 80, hostPort: 0}]}]\n",
                "--policies", policies);
            Assert.True(result.ExitCode == 0, result.StandardOutput);
        }
        finally { File.Delete(policies); }
    }

    [Fact]
    public async Task An_object_of_the_wrong_types_is_invalid_exit_2_and_the_rest_is_still_judged()
    {
        var yaml = $$$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: wrong}
            spec:
              containers: [{name: app, image: nginx, securityContext: {runAsUser: "0", privileged: "true"}}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: privileged}
            spec:
              containers: [{name: app, image: nginx, securityContext: {privileged: true}}]
            """;
        var result = await Check(yaml, "--profile", "baseline");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Pod default/wrong: INVALID", result.StandardOutput);
        Assert.Contains("Pod in version \"v1\" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field SecurityContext.spec.containers.securityContext.runAsUser of type int64", result.StandardOutput);
        Assert.Contains("Pod default/privileged: DENIED", result.StandardOutput);
        Assert.Contains("1 invalid", result.StandardOutput);
    }

    [Fact]
    public async Task Unknown_fields_warn_by_default_and_fail_with_validate_strict()
    {
        var yaml = $"apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  {RestrictedPodSecurity}\n  containers: [{{name: app, image: 'registry.example/app:1.2', securityContex: {{privileged: true}}, securityContext: {{allowPrivilegeEscalation: false, capabilities: {{drop: [ALL]}}}}}}]\n";
        var warned = await Check(yaml, "--profile", "restricted");
        Assert.True(warned.ExitCode == 0, warned.StandardOutput);
        Assert.Contains("warning: unknown field \"spec.containers[0].securityContex\"", warned.StandardOutput);
        var strict = await Check(yaml, "--profile", "restricted", "--validate", "strict");
        Assert.Equal(2, strict.ExitCode);
        Assert.Contains("strict decoding error: unknown field \"spec.containers[0].securityContex\"", strict.StandardOutput);
    }
}
