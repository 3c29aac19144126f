using PspReplacement.Manifests;

namespace PspReplacement.Admission;

/// <summary>
/// The verdict on one manifest object, with the namespace it was admitted into ("" when cluster-scoped). Invalid is
/// set instead when the apiserver refuses the object before any policy sees it (Verdict is then NotMatched);
/// Warnings are what the apiserver and the reader warn about (unknown fields, duplicate keys).
/// </summary>
public sealed record CheckedObject(ManifestObject Object, string Namespace, AdmissionVerdict Verdict, string? Invalid = null, IReadOnlyList<string>? Warnings = null)
{
    public IReadOnlyList<string> AllWarnings => Warnings ?? [];

    public CheckStatus Status => Invalid is not null ? CheckStatus.Invalid
        : !Verdict.Matched ? CheckStatus.NotMatched
        : Verdict.Allowed ? CheckStatus.Admitted
        : CheckStatus.Denied;

    /// <summary>For an invalid object: "file:line:column" of the field the apiserver's error is about, and what to do.</summary>
    public string InvalidWhere { get; init; } = "";
    public string InvalidFix { get; init; } = "";
}

/// <summary>One item of check's output stream: a verdict, or an input problem (file, document, line).</summary>
public sealed record CheckEntry(CheckedObject? Result, string? Problem);

/// <summary>
/// check's pipeline: manifests stream in, each object becomes an admission request against the policy set, verdicts
/// stream out in input order. Decoding runs ahead on background threads; objects are admitted in small batches on all
/// cores; only a few batches are in memory. A Namespace among the inputs supplies labels to the objects after it
/// (helm template emits Namespaces first), unless the configuration owns that namespace (<see cref="NamespaceDirectory"/>).
/// </summary>
public sealed class ManifestChecker(AdmissionSetup setup, RequestOptions options, OldObjectIndex? oldObjects = null)
{
    private const int BatchSize = 64;

    /// <summary>Reads and admits the manifests under the paths (files, folders, "-"), decoding ahead on background threads.</summary>
    public IEnumerable<CheckEntry> Check(IReadOnlyList<string> paths, Func<TextReader>? stdin = null)
    {
        foreach (var batch in ParallelManifestReader.ReadBatches(paths, BatchSize, stdin))
            foreach (var result in CheckBatch(batch)) yield return result;
    }

    public IEnumerable<CheckEntry> Check(IEnumerable<ManifestEntry> entries) =>
        entries.Chunk(BatchSize).SelectMany(CheckBatch);

    // Objects are admitted in parallel, but a Namespace takes effect exactly from its position on: the objects before it
    // in the batch are admitted first, then it is registered.
    private CheckEntry[] CheckBatch(IReadOnlyList<ManifestEntry> batch)
    {
        var results = new CheckEntry[batch.Count];
        var start = 0;
        for (var i = 0; i <= batch.Count; i++)
        {
            var isNamespace = i < batch.Count && batch[i].Object is { ApiVersion: "v1", Kind: "Namespace" };
            if (i < batch.Count && !isNamespace) continue;
            var from = start;
            if (i - from < 4) for (var j = from; j < i; j++) results[j] = CheckOne(batch[j]);
            else Parallel.For(from, i, j => results[j] = CheckOne(batch[j]));
            if (isNamespace)
            {
                // An UPDATE of an owned namespace is judged by the policies on namespaces (the label guard); it supplies
                // no labels either way, so only a CREATE (a chart's stream) can conflict with the configuration.
                var (problem, note) = options.Operation != "CREATE" && setup.Namespaces.Owns(batch[i].Object!.Name)
                    ? (null, null)
                    : setup.Namespaces.Supply(batch[i].Object!, setup.Policies.NamespaceSelectorKeys);
                results[i] = problem is not null ? new CheckEntry(null, problem) : CheckOne(batch[i]);
                if (note is not null && results[i].Result is { } r) results[i] = results[i] with { Result = r with { Warnings = [.. r.AllWarnings, note] } };
            }
            start = i + 1;
        }
        return results;
    }

    // A denial that a namespace with one of the cluster's add-backs would admit: say which add-back and where it is, since
    // the fix is then a values change (or the right namespace), not the workload. Tried in the first such namespace.
    private string? AddBackHint(ManifestObject o, ManifestObject? old, string ns)
    {
        foreach (var addBack in setup.AddBacks)
        {
            if (addBack.Namespaces.Contains(ns) || addBack.Namespaces.Count == 0) continue;
            var elsewhere = setup.Admit(o, old, options with { NamespaceOverride = addBack.Namespaces[0] });
            if (elsewhere.Verdict is { Matched: true, Allowed: true })
                return $"namespaces with the add-backs {addBack.AddBacks} admit this ({string.Join(", ", addBack.Namespaces)}): if {ns} needs them, add them to the namespace in values and render";
        }
        return null;
    }

    /// <summary>Admits one object (exposed for fixtures and tests).</summary>
    public CheckEntry CheckOne(ManifestEntry entry)
    {
        if (entry.Problem is not null) return new CheckEntry(null, entry.Problem);
        var o = entry.Object!;
        ManifestObject? old = null;
        if (options.Operation != "CREATE")
        {
            old = oldObjects?.Find(o, options);
            if (old is null)
                return new CheckEntry(null, $"{o.Location}: document {o.Location.Document}: {o.Describe()}: an {options.Operation} needs the old object; give it with --old PATH (matched by kind, namespace and name)");
        }
        var result = setup.Admit(o, old, options);
        // The reader's warnings (duplicate keys) and the apiserver's (unknown fields), in the order they arise.
        var warnings = (setup.Validation == Kubernetes.FieldValidation.Ignore ? [] : o.Warnings).Concat(result.Warnings).ToList();
        if (result.Verdict is null)
        {
            var ns = AdmissionRequestFactory.NamespaceOf(o, options);
            return new CheckEntry(new CheckedObject(o, o.Kind == "Namespace" ? "" : ns, AdmissionVerdict.NotMatched, result.Invalid, warnings)
            {
                InvalidWhere = o.MarkOf(result.InvalidPath)?.ToString() ?? o.Location.ToString(),
                InvalidFix = result.Fix,
            }, null);
        }
        if (!result.Verdict.Allowed && result.Verdict.Matched && AddBackHint(o, old, result.Namespace) is { } hint) warnings.Add(hint);
        return new CheckEntry(new CheckedObject(o, result.Namespace, result.Verdict, null, warnings), null);
    }
}

/// <summary>The old objects of an UPDATE (--old), found by kind, namespace and name.</summary>
public sealed class OldObjectIndex
{
    private readonly Dictionary<(string Kind, string Namespace, string Name), ManifestObject> _objects = [];

    public OldObjectIndex(IEnumerable<ManifestObject> objects, RequestOptions options)
    {
        foreach (var o in objects) _objects[(o.Kind, AdmissionRequestFactory.NamespaceOf(o, options), o.Name)] = o;
    }

    public ManifestObject? Find(ManifestObject o, RequestOptions options) =>
        _objects.GetValueOrDefault((o.Kind, AdmissionRequestFactory.NamespaceOf(o, options), o.Name));
}
