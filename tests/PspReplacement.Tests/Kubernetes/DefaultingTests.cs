using PspReplacement.Cel;
using PspReplacement.Kubernetes;
using PspReplacement.Kubernetes.Defaulting;
using static PspReplacement.Tests.Kubernetes.ApiServerKit;

namespace PspReplacement.Tests.Kubernetes;

/// <summary>
/// The defaulting the apiserver applies to a decoded body (pkg/apis/{core,apps,batch}/v1/defaults.go and the
/// +default markers of k8s.io/api), per version.
/// </summary>
public class DefaultingTests
{
    [Fact]
    public void A_pod_gets_the_defaults_of_Pod_PodSpec_Container_and_its_ports_and_probes()
    {
        var pod = Admitted("""
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
                - name: app
                  image: nginx
                  ports: [{containerPort: 80}]
                  livenessProbe: {httpGet: {port: 80}}
                  readinessProbe: {grpc: {port: 9000}}
            """);
        Assert.Equal("ClusterFirst", pod.At("spec.dnsPolicy"));
        Assert.Equal("Always", pod.At("spec.restartPolicy"));
        Assert.Equal("default-scheduler", pod.At("spec.schedulerName"));
        Assert.Equal(30L, pod.At("spec.terminationGracePeriodSeconds"));
        Assert.Equal(new Dictionary<string, object?>(), pod.At("spec.securityContext"));
        Assert.Equal(true, pod.At("spec.enableServiceLinks"));
        Assert.Equal("Always", pod.At("spec.containers[0].imagePullPolicy")); // no tag means :latest
        Assert.Equal("/dev/termination-log", pod.At("spec.containers[0].terminationMessagePath"));
        Assert.Equal("File", pod.At("spec.containers[0].terminationMessagePolicy"));
        Assert.Equal("TCP", pod.At("spec.containers[0].ports[0].protocol"));
        Assert.Equal(1L, pod.At("spec.containers[0].livenessProbe.timeoutSeconds"));
        Assert.Equal(10L, pod.At("spec.containers[0].livenessProbe.periodSeconds"));
        Assert.Equal(1L, pod.At("spec.containers[0].livenessProbe.successThreshold"));
        Assert.Equal(3L, pod.At("spec.containers[0].livenessProbe.failureThreshold"));
        Assert.Equal("/", pod.At("spec.containers[0].livenessProbe.httpGet.path"));
        Assert.Equal("HTTP", pod.At("spec.containers[0].livenessProbe.httpGet.scheme"));
        Assert.Equal("", pod.At("spec.containers[0].readinessProbe.grpc.service")); // a +default marker on a pointer
    }

    [Theory]
    [InlineData("nginx", "Always")]
    [InlineData("nginx:latest", "Always")]
    [InlineData("registry.example:5000/team/app:latest", "Always")]
    [InlineData("nginx:1.27", "IfNotPresent")]
    [InlineData("nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "IfNotPresent")]
    [InlineData("nginx:Latest", "IfNotPresent")]
    [InlineData("Nginx", "IfNotPresent")] // does not parse (repository names are lowercase): the error is ignored
    [InlineData("", "IfNotPresent")]
    public void The_pull_policy_follows_the_image_tag(string image, string policy)
    {
        Assert.Equal(policy, Admitted($"apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec: {{containers: [{{name: a, image: '{image}'}}]}}\n").At("spec.containers[0].imagePullPolicy"));
    }

    [Fact]
    public void A_volume_without_source_is_an_emptyDir_and_sources_get_their_defaults()
    {
        var pod = Admitted("""
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers: [{name: a, image: x}]
              volumes:
                - name: scratch
                - {name: geoip, hostPath: {path: /usr/share/GeoIP}}
                - {name: s, secret: {secretName: s}}
                - {name: c, configMap: {name: c}}
                - {name: t, projected: {sources: [{serviceAccountToken: {path: token}}]}}
            """);
        Assert.Equal(new Dictionary<string, object?>(), pod.At("spec.volumes[0].emptyDir"));
        Assert.Equal("", pod.At("spec.volumes[1].hostPath.type"));
        Assert.Same(Missing, pod.At("spec.volumes[1].emptyDir"));
        Assert.Equal(420L, pod.At("spec.volumes[2].secret.defaultMode"));
        Assert.Equal(420L, pod.At("spec.volumes[3].configMap.defaultMode"));
        Assert.Equal(420L, pod.At("spec.volumes[4].projected.defaultMode"));
        Assert.Equal(3600L, pod.At("spec.volumes[4].projected.sources[0].serviceAccountToken.expirationSeconds"));
    }

    [Fact]
    public void Requests_default_to_limits_on_pods_only_and_quantities_round_up_to_millis()
    {
        const string spec = "containers: [{name: a, image: x, resources: {limits: {cpu: 0.0001, memory: 1Gi}, requests: {memory: 512Mi}}}]";
        var pod = Admitted($"apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec: {{{spec}}}\n");
        Assert.Equal("1m", pod.At("spec.containers[0].resources.limits.cpu"));
        Assert.Equal("1m", pod.At("spec.containers[0].resources.requests.cpu"));
        Assert.Equal("512Mi", pod.At("spec.containers[0].resources.requests.memory"));
        var deployment = Admitted($"apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: d}}\nspec: {{selector: {{matchLabels: {{a: b}}}}, template: {{spec: {{{spec}}}}}}}\n");
        Assert.Same(Missing, deployment.At("spec.template.spec.containers[0].resources.requests.cpu"));
    }

    [Theory]
    [InlineData("1.27", 8080L, 8080L)]
    [InlineData("1.28", 8080L, null)]
    public void Host_network_ports_default_to_the_container_port_in_pods_and_until_1_27_in_templates_too(string version, long podHostPort, long? templateHostPort)
    {
        const string spec = "hostNetwork: true, containers: [{name: a, image: x, ports: [{containerPort: 8080}]}]";
        var pod = Admitted($"apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec: {{{spec}}}\n", version);
        Assert.Equal(podHostPort, pod.At("spec.containers[0].ports[0].hostPort"));
        var deployment = Admitted($"apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: d}}\nspec: {{selector: {{matchLabels: {{a: b}}}}, template: {{spec: {{{spec}}}}}}}\n", version);
        Assert.Equal(templateHostPort is null ? Missing : templateHostPort, deployment.At("spec.template.spec.containers[0].ports[0].hostPort"));
    }

    [Fact]
    public void Controllers_get_their_defaults_and_their_templates_the_pod_spec_defaults()
    {
        var deployment = Admitted("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector: {matchLabels: {a: b}}\n  template:\n    spec: {containers: [{name: a, image: 'x:1'}]}\n");
        Assert.Equal(1L, deployment.At("spec.replicas"));
        Assert.Equal("RollingUpdate", deployment.At("spec.strategy.type"));
        Assert.Equal("25%", deployment.At("spec.strategy.rollingUpdate.maxSurge"));
        Assert.Equal("25%", deployment.At("spec.strategy.rollingUpdate.maxUnavailable"));
        Assert.Equal(10L, deployment.At("spec.revisionHistoryLimit"));
        Assert.Equal(600L, deployment.At("spec.progressDeadlineSeconds"));
        Assert.Equal("Always", deployment.At("spec.template.spec.restartPolicy"));
        Assert.Equal("IfNotPresent", deployment.At("spec.template.spec.containers[0].imagePullPolicy"));

        var daemonSet = Admitted("apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: d}\nspec:\n  selector: {matchLabels: {a: b}}\n  template:\n    spec: {containers: [{name: a, image: x}]}\n");
        Assert.Equal(1L, daemonSet.At("spec.updateStrategy.rollingUpdate.maxUnavailable"));
        Assert.Equal(0L, daemonSet.At("spec.updateStrategy.rollingUpdate.maxSurge"));

        const string statefulSet = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: s}\nspec:\n  serviceName: s\n  selector: {matchLabels: {a: b}}\n  template:\n    spec: {containers: [{name: a, image: x}]}\n";
        Assert.Equal("OrderedReady", Admitted(statefulSet).At("spec.podManagementPolicy"));
        Assert.Equal(0L, Admitted(statefulSet).At("spec.updateStrategy.rollingUpdate.partition"));
        // StatefulSetAutoDeletePVC is on from 1.27, MaxUnavailableStatefulSet from 1.35.
        Assert.Same(Missing, Admitted(statefulSet, "1.26").At("spec.persistentVolumeClaimRetentionPolicy"));
        Assert.Equal("Retain", Admitted(statefulSet, "1.27").At("spec.persistentVolumeClaimRetentionPolicy.whenDeleted"));
        Assert.Same(Missing, Admitted(statefulSet, "1.34").At("spec.updateStrategy.rollingUpdate.maxUnavailable"));
        Assert.Equal(1L, Admitted(statefulSet, "1.35").At("spec.updateStrategy.rollingUpdate.maxUnavailable"));
    }

    [Fact]
    public void Jobs_and_cronjobs_get_their_defaults_per_version()
    {
        const string job = "apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    metadata: {labels: {app: j}}\n    spec: {restartPolicy: Never, containers: [{name: a, image: x}]}\n";
        var decoded = Admitted(job);
        Assert.Equal(1L, decoded.At("spec.completions"));
        Assert.Equal(1L, decoded.At("spec.parallelism"));
        Assert.Equal(6L, decoded.At("spec.backoffLimit"));
        Assert.Equal("NonIndexed", decoded.At("spec.completionMode"));
        Assert.Equal(false, decoded.At("spec.suspend"));
        Assert.Equal("j", decoded.At("metadata.labels.app")); // the job takes its template's labels
        Assert.Equal("TerminatingOrFailed", decoded.At("spec.podReplacementPolicy"));
        Assert.Same(Missing, Admitted(job, "1.28").At("spec.podReplacementPolicy")); // JobPodReplacementPolicy: on from 1.29

        var cronJob = Admitted("apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  schedule: '@daily'\n  jobTemplate:\n    spec:\n      template:\n        spec: {restartPolicy: OnFailure, containers: [{name: a, image: x}]}\n");
        Assert.Equal("Allow", cronJob.At("spec.concurrencyPolicy"));
        Assert.Equal(3L, cronJob.At("spec.successfulJobsHistoryLimit"));
        Assert.Equal(1L, cronJob.At("spec.failedJobsHistoryLimit"));
        Assert.Equal("ClusterFirst", cronJob.At("spec.jobTemplate.spec.template.spec.dnsPolicy"));
        Assert.IsType<Dictionary<string, object?>>(cronJob.At("spec.jobTemplate.spec.template.metadata"));
    }

    [Fact]
    public void A_namespace_is_labelled_with_its_name_and_a_service_gets_its_type_and_ports()
    {
        var ns = Admitted("apiVersion: v1\nkind: Namespace\nmetadata: {name: team, labels: {kubernetes.io/metadata.name: other}}\n", ns: "");
        Assert.Equal("team", ((Dictionary<string, object?>)ns.At("metadata.labels")!)["kubernetes.io/metadata.name"]);
        var service = Admitted("apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 80}]}\n");
        Assert.Equal("ClusterIP", service.At("spec.type"));
        Assert.Equal("None", service.At("spec.sessionAffinity"));
        Assert.Equal("TCP", service.At("spec.ports[0].protocol"));
        Assert.Equal(80L, service.At("spec.ports[0].targetPort"));
        Assert.Equal("Cluster", service.At("spec.internalTrafficPolicy"));
    }

    [Fact]
    public void Every_defaulting_function_names_a_type_of_every_supported_version()
    {
        foreach (var version in ApiTypes.Sources.Keys)
        {
            var types = ApiTypes.For(version);
            foreach (var type in Defaulter.FunctionTypes)
                Assert.True(types.Struct(type) is not null || type == "core/v1.ResourceList", $"{type} is not a type of Kubernetes {version}");
        }
        Assert.Contains(new KubernetesVersion(1, 26), ApiTypes.Sources.Keys);
        Assert.Contains(KubernetesVersion.Latest, ApiTypes.Sources.Keys);
    }
}
