using System.Collections.Concurrent;
using PspReplacement.Yaml;

namespace PspReplacement.Manifests;

/// <summary>
/// Decodes manifests ahead of their consumer, in input order: several files at once (a small window, so memory stays
/// bounded), on background threads, handing over batches through a bounded queue. Decoding then overlaps with
/// admission instead of preceding it. Output order is exactly ManifestReader.Read's.
/// </summary>
public static class ParallelManifestReader
{
    private const int FileWindow = 2;
    private const int QueuedBatches = 8;

    public static IEnumerable<IReadOnlyList<ManifestEntry>> ReadBatches(IReadOnlyList<string> paths, int batchSize, Func<TextReader>? stdin = null, YamlRules? rules = null)
    {
        using var queue = new BlockingCollection<IReadOnlyList<ManifestEntry>>(QueuedBatches);
        Exception? failure = null;
        using var cancel = new CancellationTokenSource();
        var producer = Task.Run(() =>
        {
            try
            {
                var batch = new List<ManifestEntry>(batchSize);
                foreach (var entry in Ordered(paths, stdin, rules, cancel.Token))
                {
                    batch.Add(entry);
                    if (batch.Count == batchSize) { queue.Add(batch, cancel.Token); batch = new List<ManifestEntry>(batchSize); }
                }
                if (batch.Count > 0) queue.Add(batch, cancel.Token);
            }
            catch (OperationCanceledException) { }
            catch (Exception e) { failure = e; }
            finally { queue.CompleteAdding(); }
        });
        try
        {
            foreach (var batch in queue.GetConsumingEnumerable()) yield return batch;
            producer.Wait();
            if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
        finally
        {
            // The consumer may stop early: let the producer finish so no thread outlives the enumeration.
            cancel.Cancel();
            while (queue.TryTake(out _)) { }
            try { producer.Wait(); } catch (AggregateException) { }
        }
    }

    /// <summary>Files are decoded up to FileWindow at a time and yielded in order; standard input is read as it comes.</summary>
    private static IEnumerable<ManifestEntry> Ordered(IReadOnlyList<string> paths, Func<TextReader>? stdin, YamlRules? rules, CancellationToken cancel)
    {
        // A folder that cannot be listed is read as a path, so that its problem is reported in order.
        var units = paths.SelectMany(p => p != "-" && Directory.Exists(p) ? FilesOrFolder(p) : [p]);
        var window = new Queue<Task<List<ManifestEntry>>>();
        foreach (var unit in units)
        {
            if (unit == "-")
            {
                // stdin streams: drain the window first, then read it lazily.
                while (window.Count > 0) foreach (var e in window.Dequeue().Result) yield return e;
                foreach (var e in ManifestReader.Read(["-"], stdin, rules)) yield return e;
                continue;
            }
            cancel.ThrowIfCancellationRequested();
            var path = unit;
            window.Enqueue(Task.Run(() => ManifestReader.Read([path], rules: rules).ToList(), cancel));
            if (window.Count >= FileWindow)
                foreach (var e in window.Dequeue().Result) yield return e;
        }
        while (window.Count > 0) foreach (var e in window.Dequeue().Result) yield return e;
    }

    private static IEnumerable<string> FilesOrFolder(string folder)
    {
        try { return ManifestReader.FilesUnder(folder).ToList(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return [folder]; }
    }
}
