using static PspReplacement.Tests.Kubernetes.ApiServerKit;

namespace PspReplacement.Tests.Kubernetes;

/// <summary>The default mutating admission plugins and the internal-version round trip, as a new Pod meets them.</summary>
public class AdmissionPluginTests
{
    private const string Pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  initContainers: [{name: i, image: x}]\n  containers: [{name: a, image: x}]\n";

    [Fact]
    public void The_service_account_token_is_mounted_in_every_container_from_a_projected_volume()
    {
        var pod = Admitted(Pod);
        Assert.Equal("default", pod.At("spec.serviceAccountName"));
        Assert.Equal("default", pod.At("spec.serviceAccount"));
        var volume = (string)pod.At("spec.volumes[0].name")!;
        Assert.StartsWith("kube-api-access-", volume);
        Assert.Equal(volume.Length, "kube-api-access-".Length + 5);
        Assert.Equal("token", pod.At("spec.volumes[0].projected.sources[0].serviceAccountToken.path"));
        Assert.Equal(3607L, pod.At("spec.volumes[0].projected.sources[0].serviceAccountToken.expirationSeconds"));
        Assert.Equal(420L, pod.At("spec.volumes[0].projected.defaultMode"));
        foreach (var container in new[] { "initContainers[0]", "containers[0]" })
        {
            Assert.Equal("/var/run/secrets/kubernetes.io/serviceaccount", pod.At($"spec.{container}.volumeMounts[0].mountPath"));
            Assert.Equal(true, pod.At($"spec.{container}.volumeMounts[0].readOnly"));
            Assert.Equal(volume, pod.At($"spec.{container}.volumeMounts[0].name"));
        }
        Assert.Equal(volume, Admitted(Pod).At("spec.volumes[0].name")); // the same manifest, the same object
    }

    [Fact]
    public void No_token_is_mounted_when_the_pod_opts_out_or_mounts_something_there_itself()
    {
        Assert.Same(Missing, Admitted(Pod.Replace("spec:\n", "spec:\n  automountServiceAccountToken: false\n")).At("spec.volumes"));
        var own = Admitted("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: x, volumeMounts: [{name: t, mountPath: /var/run/secrets/kubernetes.io/serviceaccount}]}]\n  volumes: [{name: t, secret: {secretName: s}}]\n");
        Assert.Equal("t", own.At("spec.volumes[0].name"));
        Assert.Same(Missing, own.At("spec.volumes[1]"));
        Assert.Equal("my-sa", Admitted(Pod.Replace("spec:\n", "spec:\n  serviceAccount: my-sa\n")).At("spec.serviceAccountName"));
    }

    [Fact]
    public void Priority_and_default_tolerations_are_set()
    {
        var pod = Admitted(Pod);
        Assert.Equal(0L, pod.At("spec.priority"));
        Assert.Equal("PreemptLowerPriority", pod.At("spec.preemptionPolicy"));
        Assert.Equal("node.kubernetes.io/not-ready", pod.At("spec.tolerations[0].key"));
        Assert.Equal(300L, pod.At("spec.tolerations[0].tolerationSeconds"));
        Assert.Equal("node.kubernetes.io/unreachable", pod.At("spec.tolerations[1].key"));
        Assert.Equal(2000001000L, Admitted(Pod.Replace("spec:\n", "spec:\n  priorityClassName: system-node-critical\n")).At("spec.priority"));
        var tolerant = Admitted(Pod.Replace("spec:\n", "spec:\n  tolerations: [{operator: Exists}]\n"));
        Assert.Same(Missing, tolerant.At("spec.tolerations[1]"));
        // Templates are not pods: no plugin runs on them.
        var deployment = Admitted("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector: {matchLabels: {a: b}}\n  template:\n    spec: {containers: [{name: a, image: x}]}\n");
        Assert.Same(Missing, deployment.At("spec.template.spec.volumes"));
        Assert.Same(Missing, deployment.At("spec.template.spec.priority"));
    }

    [Fact]
    public void A_secrets_stringData_is_merged_into_data_as_the_internal_version_keeps_it()
    {
        var secret = Admitted("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {a: YQ==, b: Yg==}\nstringData: {b: bee, c: sea}\n");
        Assert.Equal("YQ==", secret.At("data.a"));
        Assert.Equal(Convert.ToBase64String("bee"u8.ToArray()), secret.At("data.b"));
        Assert.Equal(Convert.ToBase64String("sea"u8.ToArray()), secret.At("data.c"));
        Assert.Same(Missing, secret.At("stringData"));
        Assert.Equal("Opaque", secret.At("type"));
    }
}
