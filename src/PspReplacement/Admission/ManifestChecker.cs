using PspReplacement.Manifests;

namespace PspReplacement.Admission;

/// <summary>The verdict on one manifest object, with the namespace it was admitted into ("" when cluster-scoped).</summary>
public sealed record CheckedObject(ManifestObject Object, string Namespace, AdmissionVerdict Verdict);

/// <summary>One item of check's output stream: a verdict, or an input problem (file, document, line).</summary>
public sealed record CheckEntry(CheckedObject? Result, string? Problem);

/// <summary>
/// check's pipeline: manifests stream in, each object becomes an admission request against the policy set, verdicts
/// stream out in input order. Decoding runs ahead on background threads; objects are admitted in small batches on all
/// cores; only a few batches are in memory. A Namespace among the inputs supplies labels to the objects after it
/// (helm template emits Namespaces first).
/// </summary>
public sealed class ManifestChecker(PolicySet policies, NamespaceDirectory namespaces, RequestOptions options, OldObjectIndex? oldObjects = null)
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
                namespaces.Add(batch[i].Object!);
                results[i] = CheckOne(batch[i]);
            }
            start = i + 1;
        }
        return results;
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
        var request = AdmissionRequestFactory.Create(o, old, options);
        var ns = request.Namespace;
        var verdict = policies.Admit(request, ns.Length == 0 ? null : namespaces.LabelsOf(ns), ns.Length == 0 ? null : namespaces.ObjectOf(ns));
        return new CheckEntry(new CheckedObject(o, request.IsNamespaceObject ? "" : ns, verdict), null);
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
