using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using PspReplacement.Manifests;
using PspReplacement.Yaml;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PspReplacement.Benchmarks;

/// <summary>
/// Reading the manifests of scripts/gen-check-corpus.py (10,000 Pods, Deployments and CronJobs, about 14 MB, held in
/// memory): YamlDotNet's parser, and the reader pspr had on it (events to plain data), against pspr's YAML layer at
/// the same levels (events; documents of source nodes; manifest objects as pspr check gets them).
/// Run: dotnet run -c Release --project bench/PspReplacement.Benchmarks -- --filter '*Yaml*'
/// </summary>
[MemoryDiagnoser]
public class YamlBenchmarks
{
    private string _corpus = "";

    [GlobalSetup]
    public void Setup()
    {
        var folder = Directory.CreateTempSubdirectory("pspr-yaml-bench-").FullName;
        try
        {
            var start = new ProcessStartInfo("python3") { ArgumentList = { Path.Combine(FindRoot(), "scripts", "gen-check-corpus.py"), folder, "10000", "100" } };
            using (var process = Process.Start(start)!) process.WaitForExit();
            _corpus = string.Concat(Directory.GetFiles(folder, "*.yaml").Order(StringComparer.Ordinal).Select(File.ReadAllText));
        }
        finally { Directory.Delete(folder, recursive: true); }
        Console.WriteLine($"// corpus: {_corpus.Length / 1_000_000.0:F1} M characters, {System.Text.Encoding.UTF8.GetByteCount(_corpus) / 1_000_000.0:F1} MB");
    }

    [Benchmark(Baseline = true, Description = "YamlDotNet: parser events")]
    public int YamlDotNetEvents()
    {
        var parser = new YamlDotNet.Core.Parser(new StringReader(_corpus));
        var n = 0;
        while (parser.MoveNext()) n++;
        return n;
    }

    [Benchmark(Description = "YamlDotNet: events to plain data (pspr's old reader)")]
    public int YamlDotNetPlain()
    {
        var parser = new YamlDotNet.Core.Parser(new StringReader(_corpus));
        parser.Consume<StreamStart>();
        var n = 0;
        while (parser.TryConsume<DocumentStart>(out _))
        {
            if (Plain(parser) is not null) n++;
            parser.Consume<DocumentEnd>();
        }
        return n;
    }

    [Benchmark(Description = "pspr: scanner and parser events")]
    public int PsprEvents()
    {
        var n = 0;
        foreach (var document in Documents())
        {
            var parser = new PspReplacement.Yaml.Parser(new PspReplacement.Yaml.Scanner(document, YamlRules.MaxDepth));
            while (parser.Next().Kind != EventKind.StreamEnd) n++;
        }
        return n;
    }

    [Benchmark(Description = "pspr: documents of source nodes")]
    public int PsprDocuments() => YamlReader.Read(new StringReader(_corpus), "bench", YamlRules.Manifests).Count(d => d.Root is not null);

    [Benchmark(Description = "pspr: manifest objects (as pspr check reads them)")]
    public int PsprManifests() => ManifestReader.ReadStream("bench", new StringReader(_corpus)).Count(e => e.Object is not null);

    // The texts pspr's parser is given: the stream cut at its "---" lines.
    private IEnumerable<string> Documents()
    {
        using var lines = LineSource.Open(new StringReader(_corpus));
        var splitter = new DocumentSplitter(lines);
        while (splitter.TryNext(out var text)) yield return text.Text;
    }

    // What pspr's YamlDotNet reader did: plain data straight from the events, scalars resolved, keys as text.
    private static object? Plain(IParser parser)
    {
        if (parser.TryConsume<Scalar>(out var scalar)) return scalar.Style == YamlDotNet.Core.ScalarStyle.Plain ? ScalarResolver.PlainValue(scalar.Value) : scalar.Value;
        if (parser.TryConsume<SequenceStart>(out _))
        {
            var list = new List<object?>();
            while (!parser.TryConsume<SequenceEnd>(out _)) list.Add(Plain(parser));
            return list;
        }
        parser.Consume<MappingStart>();
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var key = Plain(parser)?.ToString() ?? "";
            map[key] = Plain(parser);
        }
        return map;
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PspReplacement.sln"))) dir = dir.Parent;
        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}
