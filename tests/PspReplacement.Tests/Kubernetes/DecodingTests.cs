using PspReplacement.Kubernetes;
using static PspReplacement.Tests.Kubernetes.ApiServerKit;

namespace PspReplacement.Tests.Kubernetes;

/// <summary>
/// Decoding a request body into its Go type and back to the unstructured object a policy sees, as the apiserver's
/// JSON serializer (sigs.k8s.io/json: encoding/json, case-sensitive) and runtime.DefaultUnstructuredConverter do.
/// </summary>
public class DecodingTests
{
    private static string Pod(string containerFields, string specFields = "") => $$"""
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          {{specFields}}
          containers:
            - name: app
              image: nginx:1.27
              {{containerFields}}
        """;

    [Theory]
    [InlineData("securityContext: {runAsUser: \"0\"}", "json: cannot unmarshal string into Go struct field SecurityContext.spec.containers.securityContext.runAsUser of type int64")]
    [InlineData("securityContext: {privileged: \"true\"}", "json: cannot unmarshal string into Go struct field SecurityContext.spec.containers.securityContext.privileged of type bool")]
    [InlineData("securityContext: {runAsUser: 1.5}", "json: cannot unmarshal number 1.5 into Go struct field SecurityContext.spec.containers.securityContext.runAsUser of type int64")]
    [InlineData("ports: [{containerPort: 99999999999}]", "json: cannot unmarshal number 99999999999 into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32")]
    [InlineData("ports: {containerPort: 80}", "json: cannot unmarshal object into Go struct field Container.spec.containers.ports of type []v1.ContainerPort")]
    [InlineData("ports: [{containerPort: 80, protocol: 6}]", "json: cannot unmarshal number into Go struct field ContainerPort.spec.containers.ports.protocol of type v1.Protocol")]
    [InlineData("command: echo", "json: cannot unmarshal string into Go struct field Container.spec.containers.command of type []string")]
    [InlineData("resources: {limits: {cpu: lots}}", "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")]
    [InlineData("resources: {limits: {cpu: 1K}}", "unable to parse quantity's suffix")]
    [InlineData("livenessProbe: {httpGet: {port: 1.5}}", "json: cannot unmarshal number 1.5 into Go value of type int32")]
    public void A_value_of_the_wrong_type_is_refused_as_the_apiserver_words_it(string container, string error)
    {
        var result = Decode(Pod(container));
        Assert.Null(result.Object);
        Assert.Equal($"Pod in version \"v1\" cannot be handled as a Pod: {error}", result.Invalid);
    }

    [Fact]
    public void A_label_value_that_YAML_reads_as_a_number_is_refused_like_kubectl_apply_is()
    {
        var result = Decode("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, labels: {version: 1.0}}\n");
        Assert.Equal("ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string", result.Invalid);
        Assert.Equal("metadata.labels[\"version\"]", result.InvalidPath);
    }

    [Fact]
    public void Integers_written_as_floats_without_a_fraction_are_integers_as_kubectl_sends_them()
    {
        var pod = Admitted(Pod("securityContext: {runAsUser: 1000.0, runAsGroup: 1e3}"));
        Assert.Equal(1000L, pod.At("spec.containers[0].securityContext.runAsUser"));
        Assert.Equal(1000L, pod.At("spec.containers[0].securityContext.runAsGroup"));
    }

    [Fact]
    public void Nulls_leave_fields_unset_so_policies_never_iterate_over_null()
    {
        var pod = Admitted(Pod("env: null", "automountServiceAccountToken: false\n  volumes: null\n  initContainers: null\n  nodeSelector: null"));
        Assert.Same(Missing, pod.At("spec.volumes"));
        Assert.Same(Missing, pod.At("spec.initContainers"));
        Assert.Same(Missing, pod.At("spec.nodeSelector"));
        Assert.Same(Missing, pod.At("spec.containers[0].env"));
    }

    [Fact]
    public void Unknown_fields_are_dropped_with_a_warning_naming_them_or_refused_when_strict()
    {
        var yaml = Pod("Privileged: true\n      securityContext: {privilegd: true}");
        var warned = Decode(yaml);
        Assert.Same(Missing, warned.Object!.At("spec.containers[0].Privileged"));
        Assert.Equal(["unknown field \"spec.containers[0].Privileged\"", "unknown field \"spec.containers[0].securityContext.privilegd\""], warned.Warnings);
        var strict = Decode(yaml, validation: FieldValidation.Strict);
        Assert.Equal("Pod in version \"v1\" cannot be handled as a Pod: strict decoding error: unknown field \"spec.containers[0].Privileged\", unknown field \"spec.containers[0].securityContext.privilegd\"", strict.Invalid);
        Assert.Empty(Decode(yaml, validation: FieldValidation.Ignore).Warnings);
    }

    [Fact]
    public void A_field_that_a_version_does_not_have_yet_is_unknown_there()
    {
        var yaml = Pod("securityContext: {appArmorProfile: {type: Unconfined}}");
        Assert.Same(Missing, Decode(yaml, "1.29").Object!.At("spec.containers[0].securityContext.appArmorProfile"));
        Assert.Contains("unknown field \"spec.containers[0].securityContext.appArmorProfile\"", Decode(yaml, "1.29").Warnings);
        Assert.Equal("Unconfined", Decode(yaml, "1.30").Object!.At("spec.containers[0].securityContext.appArmorProfile.type"));
    }

    [Fact]
    public void Omitempty_zero_values_disappear_but_set_pointers_and_non_omitempty_fields_stay()
    {
        var pod = Admitted(Pod("ports: [{containerPort: 80, hostPort: 0, hostIP: \"\"}]\n      securityContext: {privileged: false, runAsUser: 0}",
            "hostNetwork: false\n  hostPID: false"));
        Assert.Same(Missing, pod.At("spec.containers[0].ports[0].hostPort"));
        Assert.Same(Missing, pod.At("spec.containers[0].ports[0].hostIP"));
        Assert.Same(Missing, pod.At("spec.hostNetwork"));
        Assert.Same(Missing, pod.At("spec.hostPID"));
        Assert.Equal(false, pod.At("spec.containers[0].securityContext.privileged"));
        Assert.Equal(0L, pod.At("spec.containers[0].securityContext.runAsUser"));
        // Not omitempty: written even when the manifest leaves it out.
        Assert.Equal(0L, Admitted(Pod("ports: [{name: http}]")).At("spec.containers[0].ports[0].containerPort"));
    }

    [Fact]
    public void Structs_that_are_not_pointers_are_always_there_even_empty()
    {
        var pod = Admitted(Pod(""));
        Assert.Equal(new Dictionary<string, object?>(), pod.At("spec.containers[0].resources"));
        Assert.IsType<Dictionary<string, object?>>(pod.At("status"));
        var deployment = Admitted("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector: {matchLabels: {app: d}}\n  template:\n    spec:\n      containers: [{name: app, image: nginx}]\n");
        Assert.IsType<Dictionary<string, object?>>(deployment.At("spec.template.metadata"));
        // A zero metav1.Time is null, which CEL does not show.
        Assert.Same(Missing, deployment.At("metadata.creationTimestamp"));
    }

    [Fact]
    public void Special_values_are_written_in_their_canonical_JSON_form()
    {
        var pod = Admitted(Pod("resources: {limits: {cpu: 0.5, memory: 1.5Gi}}\n      livenessProbe: {httpGet: {port: http}, initialDelaySeconds: 5}"));
        Assert.Equal("500m", pod.At("spec.containers[0].resources.limits.cpu"));
        Assert.Equal("1536Mi", pod.At("spec.containers[0].resources.limits.memory"));
        Assert.Equal("http", pod.At("spec.containers[0].livenessProbe.httpGet.port"));
        var numeric = Admitted(Pod("livenessProbe: {httpGet: {port: 8080}}"));
        Assert.Equal(8080L, numeric.At("spec.containers[0].livenessProbe.httpGet.port"));
        var secret = Decode("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {key: not base64!}\n");
        Assert.Equal("Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data at input byte 3", secret.Invalid);
    }

    [Fact]
    public void Kinds_the_apiserver_does_not_serve_are_refused_and_custom_resources_pass_with_their_metadata_decoded()
    {
        Assert.Contains("no matches for kind \"CronJob\" in version \"batch/v1beta1\"", Decode("apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: {name: c}\n").Invalid);
        Assert.Contains("removed in Kubernetes 1.25", Decode("apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: {name: c}\n").Invalid);
        Assert.Contains("no matches for kind \"Podd\" in version \"v1\"", Decode("apiVersion: v1\nkind: Podd\nmetadata: {name: c}\n").Invalid);
        var custom = Admitted("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, labels: {a: b}, bogus: 1}\nspec: {size: null}\n");
        Assert.Equal("default", custom.At("metadata.namespace"));
        Assert.Same(Missing, custom.At("metadata.bogus"));
        Assert.True(((Dictionary<string, object?>)custom.At("spec")!).ContainsKey("size")); // a custom resource's content as written
        Assert.Contains("cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string",
            Decode("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, labels: {a: 1}}\n").Invalid);
    }

    [Fact]
    public void Namespaced_objects_take_the_request_namespace_and_cluster_scoped_ones_none()
    {
        Assert.Equal("team", Admitted(Pod(""), ns: "team").At("metadata.namespace"));
        Assert.Same(Missing, Admitted("apiVersion: v1\nkind: Namespace\nmetadata: {name: team, namespace: x}\n", ns: "").At("metadata.namespace"));
    }
}
