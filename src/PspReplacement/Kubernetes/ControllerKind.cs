namespace PspReplacement.Kubernetes;

/// <summary>
/// A pod controller whose objects embed a pod template, and where that template sits. PSA evaluates the same kinds
/// (its DefaultPodSpecExtractor), except PodTemplate, which creates no pods by itself.
/// </summary>
public sealed record ControllerKind(string Kind, string ApiGroup, string ApiVersion, string Resource, IReadOnlyList<string> TemplatePath)
{
    public static readonly ControllerKind Deployment = new("Deployment", "apps", "v1", "deployments", ["spec", "template"]);
    public static readonly ControllerKind StatefulSet = new("StatefulSet", "apps", "v1", "statefulsets", ["spec", "template"]);
    public static readonly ControllerKind DaemonSet = new("DaemonSet", "apps", "v1", "daemonsets", ["spec", "template"]);
    public static readonly ControllerKind ReplicaSet = new("ReplicaSet", "apps", "v1", "replicasets", ["spec", "template"]);
    public static readonly ControllerKind ReplicationController = new("ReplicationController", "", "v1", "replicationcontrollers", ["spec", "template"]);
    public static readonly ControllerKind Job = new("Job", "batch", "v1", "jobs", ["spec", "template"]);
    public static readonly ControllerKind CronJob = new("CronJob", "batch", "v1", "cronjobs", ["spec", "jobTemplate", "spec", "template"]);

    /// <summary>The kinds whose pod template is at spec.template: they share one rewritten form.</summary>
    public static readonly IReadOnlyList<ControllerKind> TemplateKinds = [Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job];

    public static readonly IReadOnlyList<ControllerKind> All = [.. TemplateKinds, CronJob];

    /// <summary>The template path as CEL text after <c>object.</c>, e.g. <c>spec.template</c>.</summary>
    public string TemplatePathText => string.Join('.', TemplatePath);
}
