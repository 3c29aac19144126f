using System.Diagnostics;
using System.Globalization;
using System.Text;
using PspReplacement.Manifests;
using PspReplacement.Tests.Yaml;

namespace PspReplacement.Tests.ManifestReading;

/// <summary>
/// The real kubectl (.tools/bin/kubectl, installed by scripts/install-tools.sh) and pspr read every stream of
/// <see cref="KubectlCorpus"/>; both must produce the same objects, with the same types, or both refuse. kubectl's
/// objects are printed by a Go template that shows each value's Go type (int64, float64, string as hex bytes, ...),
/// so 1 and 1.0 are told apart, which JSON output would hide.
/// </summary>
public sealed class KubectlDifferentialTests : IClassFixture<KubectlDifferentialTests.KubectlRun>
{
    /// <summary>
    /// kubectl run once over the whole corpus, in one process: after each case comes a sentinel object (on standard
    /// output) and a sentinel error (on standard error), which tell the cases' objects and errors apart.
    /// </summary>
    public sealed class KubectlRun : IDisposable
    {
        private const string Sentinel = "pspr-corpus-sentinel";
        private readonly string _folder = Directory.CreateTempSubdirectory("pspr-kubectl-").FullName;

        public Dictionary<string, (bool Failed, IReadOnlyList<string> Objects, string Path)> Results { get; } = [];

        // Walks kubectl's unstructured object: maps in key order, strings as hex bytes, numbers with their Go type,
        // floats as %b (mantissa p exponent: exact).
        private const string Template =
            """{{define "v"}}{{$t := printf "%T" .}}{{if eq $t "map[string]interface {}"}}{{"{"}}{{range $k, $v := .}}{{printf "%x" $k}}:{{template "v" $v}},{{end}}{{"}"}}""" +
            """{{else if eq $t "[]interface {}"}}[{{range .}}{{template "v" .}},{{end}}]{{else if eq $t "string"}}s{{printf "%x" .}}{{else if eq $t "int64"}}i{{.}}""" +
            """{{else if eq $t "float64"}}f{{printf "%b" .}}{{else if eq $t "bool"}}b{{.}}{{else if eq $t "<nil>"}}n{{else}}?{{$t}}{{end}}{{end}}{{template "v" .}}{{"\n"}}""";

        public KubectlRun()
        {
            var kubectl = Path.Combine(RepositoryRoot.Find(), ".tools", "bin", "kubectl");
            if (!File.Exists(kubectl)) throw new InvalidOperationException($"{kubectl} is missing: run scripts/install-tools.sh (./test.sh does)");
            var template = Path.Combine(_folder, "objects.tmpl");
            File.WriteAllText(template, Template);
            var sentinel = Path.Combine(_folder, "sentinel.yaml");
            File.WriteAllText(sentinel, $"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: {Sentinel}}}\n");
            var errorSentinel = Path.Combine(_folder, "error-sentinel.yaml");
            File.WriteAllText(errorSentinel, $"--- {Sentinel}\n");
            var start = new ProcessStartInfo(kubectl) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "label", "--local", "x=y", "-o", $"go-template-file={template}" }) start.ArgumentList.Add(a);
            var paths = new List<(string Name, string Path)>();
            foreach (var (c, i) in KubectlCorpus.All.Select((c, i) => (c, i)))
            {
                var path = Path.Combine(_folder, $"case{i:D4}.yaml");
                File.WriteAllBytes(path, c.Bytes);
                paths.Add((c.Name, path));
                foreach (var a in new[] { "-f", path, "-f", sentinel, "-f", errorSentinel }) start.ArgumentList.Add(a);
            }
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var groups = new List<List<string>> { new() };
            var sentinelHex = Convert.ToHexString(Encoding.UTF8.GetBytes(Sentinel)).ToLowerInvariant();
            while (process.StandardOutput.ReadLine() is { } line)
            {
                if (line.Length == 0) continue;
                if (line.Contains(sentinelHex, StringComparison.Ordinal)) groups.Add([]);
                else groups[^1].Add(line);
            }
            process.WaitForExit();
            // kubectl prints its errors in the order it reads the files, one line each.
            var failed = new List<bool> { false };
            foreach (var line in stderr.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                if (line.Contains(Sentinel, StringComparison.Ordinal)) failed.Add(false);
                else failed[^1] = true;
            }
            if (groups.Count - 1 != paths.Count || failed.Count - 1 != paths.Count)
                throw new InvalidOperationException($"kubectl printed {groups.Count - 1} sentinel objects and {failed.Count - 1} sentinel errors for {paths.Count} cases:\n{stderr.Result}");
            for (var i = 0; i < paths.Count; i++) Results[paths[i].Name] = (failed[i], groups[i], paths[i].Path);
        }

        public void Dispose() => Directory.Delete(_folder, recursive: true);
    }

    private readonly KubectlRun _kubectl;

    public KubectlDifferentialTests(KubectlRun kubectl) => _kubectl = kubectl;

    public static TheoryData<string> Cases() => new(KubectlCorpus.All.Select(c => c.Name));

    [Fact]
    public void Case_names_are_unique_and_the_corpus_is_big()
    {
        Assert.Equal(KubectlCorpus.All.Count, KubectlCorpus.All.Select(c => c.Name).Distinct().Count());
        Assert.True(KubectlCorpus.All.Count > 400, $"{KubectlCorpus.All.Count} cases");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Pspr_reads_it_as_kubectl_does(string name)
    {
        var corpusCase = KubectlCorpus.All.Single(c => c.Name == name);
        var (kubectlFailed, kubectlObjects, path) = _kubectl.Results[name];
        var entries = ManifestReader.ReadStream(path, new MemoryStream(corpusCase.Bytes)).ToList();
        var problems = entries.Where(e => e.Problem is not null).Select(e => e.Problem!).ToList();
        // kubectl stops at its first error; pspr reports it and reads on: the objects before it must agree.
        var ours = entries.TakeWhile(e => e.Problem is null).Select(e => Canonical(e.Object!.Content)).ToList();
        if (kubectlFailed)
        {
            Assert.True(problems.Count > 0, $"kubectl refuses {name}, pspr read it:\n  {string.Join("\n  ", ours)}");
            Assert.Equal(kubectlObjects, ours.Take(kubectlObjects.Count));
        }
        else
        {
            Assert.True(problems.Count == 0, $"kubectl reads {name}, pspr refuses it: {string.Join("; ", problems)}");
            Assert.Equal(kubectlObjects, ours);
        }
    }

    /// <summary>The object as the template prints kubectl's, after the label kubectl adds.</summary>
    private static string Canonical(Dictionary<string, object?> content)
    {
        var copy = new Dictionary<string, object?>(content, StringComparer.Ordinal);
        var metadata = copy.GetValueOrDefault("metadata") is Dictionary<string, object?> m ? new Dictionary<string, object?>(m) : [];
        var labels = metadata.GetValueOrDefault("labels") is Dictionary<string, object?> l ? new Dictionary<string, object?>(l) : [];
        labels["x"] = "y";
        metadata["labels"] = labels;
        copy["metadata"] = metadata;
        var sb = new StringBuilder();
        Write(copy, sb);
        return sb.ToString();
    }

    private static void Write(object? value, StringBuilder sb)
    {
        switch (value)
        {
            case Dictionary<string, object?> map:
                sb.Append('{');
                // Go's template ranges over a map in byte order of its keys.
                foreach (var (key, v) in map.OrderBy(kv => Encoding.UTF8.GetBytes(kv.Key), Comparer<byte[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b))))
                {
                    sb.Append(Hex(key)).Append(':');
                    Write(v, sb);
                    sb.Append(',');
                }
                sb.Append('}');
                break;
            case List<object?> list:
                sb.Append('[');
                foreach (var item in list)
                {
                    Write(item, sb);
                    sb.Append(',');
                }
                sb.Append(']');
                break;
            case string s: sb.Append('s').Append(Hex(s)); break;
            case long l: sb.Append('i').Append(l.ToString(CultureInfo.InvariantCulture)); break;
            case double d: sb.Append('f').Append(GoBinary(d)); break;
            case bool b: sb.Append('b').Append(b ? "true" : "false"); break;
            case null: sb.Append('n'); break;
            default: sb.Append('?').Append(value.GetType().Name); break;
        }
    }

    private static string Hex(string s) => Convert.ToHexString(Encoding.UTF8.GetBytes(s)).ToLowerInvariant();

    // fmt's %b for a float64: the integer mantissa and the power of two, "4503599627370496p-52" for 1.
    private static string GoBinary(double d)
    {
        var bits = BitConverter.DoubleToInt64Bits(d);
        var exponent = (int)((bits >> 52) & 0x7FF);
        var fraction = bits & ((1L << 52) - 1);
        var (mantissa, power) = exponent == 0 ? (fraction, -1074) : (fraction | (1L << 52), exponent - 1075);
        return $"{(bits < 0 ? "-" : "")}{mantissa}p{(power >= 0 ? "+" : "")}{power}";
    }
}
