using PspReplacement.Admission;
using PspReplacement.Cel;
using PspReplacement.Manifests;

namespace PspReplacement.Tests.Admission;

/// <summary>Builds policy sets and requests from YAML text for admission tests.</summary>
internal static class AdmissionKit
{
    public static List<ManifestObject> Objects(string yaml) =>
        ManifestReader.ReadStream("test.yaml", new StringReader(yaml)).Select(e => e.Object ?? throw new InvalidOperationException(e.Problem)).ToList();

    public static PolicySet Policies(string yaml, ParamStore? paramStore = null)
    {
        var objects = PolicyObjectLoader.FromObjects(Objects(yaml));
        var bindings = objects.Bindings.Count > 0 ? objects.Bindings : PolicySet.BindEverywhere(objects.Policies);
        return PolicySet.Create(objects.Policies, bindings, KubernetesVersion.Latest, paramStore);
    }

    public static AdmissionVerdict Admit(PolicySet policies, string objectYaml, string operation = "CREATE", string? oldYaml = null,
        IReadOnlyDictionary<string, string>? namespaceLabels = null, string subResource = "", UserInfo? user = null)
    {
        var o = Objects(objectYaml).Single();
        var old = oldYaml is null ? null : Objects(oldYaml).Single();
        var build = AdmissionRequestFactory.Create(o, old, new RequestOptions(operation, subResource, user), new PspReplacement.Kubernetes.ApiServerDecoder(KubernetesVersion.Latest));
        var request = build.Request ?? throw new InvalidOperationException(build.Invalid);
        var directory = new NamespaceDirectory();
        var labels = namespaceLabels ?? directory.LabelsOf(request.Namespace);
        var nsObject = directory.ObjectOf(request.Namespace);
        return policies.Admit(request, labels, nsObject);
    }

    public const string PrivilegedPod = """
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: web, labels: {app: web}}
        spec:
          containers:
            - {name: app, image: nginx, securityContext: {privileged: true}}
        """;

    public const string PlainPod = """
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: web, labels: {app: web}}
        spec:
          containers:
            - {name: app, image: nginx}
        """;

    /// <summary>The head of a policy on pods CREATE/UPDATE named NAME; append spec fields indented by two spaces.</summary>
    public static string PodPolicy(string name) => $$"""
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata: {name: {{name}}}
        spec:
          matchConstraints:
            resourceRules:
              - {apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["pods"]}

        """;
}
