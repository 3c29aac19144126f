using PspReplacement.Kubernetes.Decoding;

namespace PspReplacement.Kubernetes.Defaulting;

using Obj = Dictionary<string, object?>;
using static CoreDefaults;

/// <summary>The defaulting functions of batch/v1 (pkg/apis/batch/v1/defaults.go), one per SetDefaults_TYPE.</summary>
internal static class BatchDefaults
{
    public static readonly IReadOnlyDictionary<string, Action<Obj, DefaultingContext>> Functions = new Dictionary<string, Action<Obj, DefaultingContext>>
    {
        ["batch/v1.Job"] = Job,
        ["batch/v1.CronJob"] = (o, _) => CronJob(o),
        ["batch/v1.PodFailurePolicyOnPodConditionsPattern"] = (o, _) => SetIfEmpty(o, "status", "True"),
    };

    private static void Job(Obj job, DefaultingContext context)
    {
        var spec = job.Struct("spec");
        // A non-parallel job may leave both unset; then both are 1.
        if (!spec.Has("completions") && !spec.Has("parallelism")) { spec["completions"] = 1L; spec["parallelism"] = 1L; }
        SetIfNil(spec, "parallelism", 1L);
        SetIfNil(spec, "backoffLimit", spec.Has("backoffLimitPerIndex") ? (long)int.MaxValue : 6L);
        var templateLabels = spec.Obj("template")?.Obj("metadata")?.Obj("labels");
        var meta = job.Struct("metadata");
        if (templateLabels is not null && meta.Obj("labels") is not { Count: > 0 }) meta["labels"] = new Obj(templateLabels, StringComparer.Ordinal);
        SetIfNil(spec, "completionMode", "NonIndexed");
        SetIfNil(spec, "suspend", false);
        if (context.Gates.Enabled("JobPodReplacementPolicy"))
            SetIfNil(spec, "podReplacementPolicy", spec.Has("podFailurePolicy") ? "Failed" : "TerminatingOrFailed");
        // manualSelector: in every source read from 1.28 on (the earliest read with it); older ones are not read.
        if (context.Version >= new Cel.KubernetesVersion(1, 28)) SetIfNil(spec, "manualSelector", false);
    }

    private static void CronJob(Obj cronJob)
    {
        var spec = cronJob.Struct("spec");
        SetIfEmpty(spec, "concurrencyPolicy", "Allow");
        SetIfNil(spec, "suspend", false);
        SetIfNil(spec, "successfulJobsHistoryLimit", 3L);
        SetIfNil(spec, "failedJobsHistoryLimit", 1L);
    }
}
