using System.Diagnostics;
using PspReplacement.Cel;
using PspReplacement.Cel.Parsing;
using PspReplacement.Config;
using PspReplacement.Kubernetes;
using PspReplacement.Manifests;
using PspReplacement.Profiles;

namespace PspReplacement.Admission;

/// <summary>
/// A cluster's committed charts as objects: charts/NAME (policies and bindings), charts/NAME-namespaces (the
/// labelled namespaces) and the Kubernetes version of the cluster's values. This is the edge where check and
/// test touch the file system and run helm; everything after it works on the objects.
/// </summary>
public sealed record ClusterCharts(PolicyObjects Policies, IReadOnlyList<ManifestObject> Namespaces, KubernetesVersion Version)
{
    /// <summary>
    /// How values configure each namespace, for check's text output ("restricted; add-backs sys-ptrace"); a namespace
    /// values do not list gets the default profile's line under the empty name. Empty when the values do not load.
    /// </summary>
    public IReadOnlyDictionary<string, string> NamespaceSummaries { get; init; } = new Dictionary<string, string>();

    /// <summary>The namespaces values give add-backs, grouped by the add-backs they have: where a denial might be admitted instead (check's hint).</summary>
    public IReadOnlyList<AddBackNamespaces> AddBacks { get; init; } = [];

    /// <summary>Reads the charts; the version is the one given, else the cluster's values when they load, else the newest.</summary>
    public static ClusterCharts Read(string chartsDirectory, string valuesDirectory, string cluster, KubernetesVersion? version = null)
    {
        // A cluster is a name, never a path: '', '.', '..' or '/etc' would read other folders as its chart.
        if (!ClusterName.IsMatch(cluster))
            throw new InvalidInputException($"--cluster {GoFormat.Quote(cluster)}: not a cluster name (lower-case letters, digits and '-', as values/<name>.yaml names it)");
        var chart = Path.Combine(chartsDirectory, cluster);
        if (!Directory.Exists(chart))
        {
            var known = Directory.Exists(chartsDirectory)
                ? Directory.GetDirectories(chartsDirectory).Select(Path.GetFileName).Where(n => n is not null && !n.EndsWith("-namespaces", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList()
                : [];
            throw new InvalidInputException($"--cluster {cluster}: there is no chart {chart}; known clusters: {string.Join(", ", known)} (run ./pspr render first)");
        }
        var policies = PolicyObjectLoader.FromObjects(ReadChart(chart));
        var namespacesChart = Path.Combine(chartsDirectory, cluster + "-namespaces");
        var namespaces = Directory.Exists(namespacesChart) ? PolicyObjectLoader.FromObjects(ReadChart(namespacesChart)).Namespaces : [];
        var config = Values(valuesDirectory, cluster);
        return new ClusterCharts(policies, [.. policies.Namespaces, .. namespaces], version ?? config?.KubernetesVersion ?? KubernetesVersion.Latest)
        {
            NamespaceSummaries = config is null ? new Dictionary<string, string>() : Summaries(config),
            AddBacks = config is null ? [] : config.Namespaces.Where(n => n.AddBacks.Count > 0)
                .GroupBy(n => string.Join(", ", n.AddBacks.Select(a => a.Name).Order(StringComparer.Ordinal)))
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new AddBackNamespaces(g.Key, g.Select(n => n.Name).Order(StringComparer.Ordinal).ToList())).ToList(),
        };
    }

    private static readonly System.Text.RegularExpressions.Regex ClusterName = new(@"\A[a-z]([-a-z0-9]*[a-z0-9])?\z");

    private static ClusterConfig? Values(string valuesDirectory, string cluster)
    {
        try { return Directory.Exists(valuesDirectory) ? ValuesLoader.LoadCluster(valuesDirectory, cluster) : null; }
        catch (InvalidInputException) { return null; }
    }

    private static Dictionary<string, string> Summaries(ClusterConfig config)
    {
        var summaries = new Dictionary<string, string>(StringComparer.Ordinal) { [""] = $"not in values: defaultProfile {config.DefaultProfile.Name()}" };
        foreach (var name in config.Exemptions.Namespaces) summaries[name] = "exempt (exemptions.namespaces): no policy runs";
        foreach (var ns in config.Namespaces)
            summaries[ns.Name] = string.Join("; ", ns.Settings().Prepend(ns.Profile.Name()));
        return summaries;
    }

    /// <summary>A chart's templates as objects; templates that use Helm directives are rendered with helm template first.</summary>
    private static List<ManifestObject> ReadChart(string chart)
    {
        var templates = Path.Combine(chart, "templates");
        if (!Directory.Exists(templates)) return [];
        var files = ManifestReader.FilesUnder(templates).ToList();
        var templated = files.Any(f => File.ReadAllText(f).Contains("{{", StringComparison.Ordinal));
        var entries = templated ? ManifestReader.ReadStream(chart, new StringReader(HelmTemplate(chart))) : ManifestReader.Read(files);
        var objects = new List<ManifestObject>();
        var problems = new List<string>();
        foreach (var e in entries)
        {
            if (e.Problem is not null) problems.Add(e.Problem);
            else objects.Add(e.Object!);
        }
        if (problems.Count > 0) throw new InvalidInputException(problems);
        return objects;
    }

    private static string HelmTemplate(string chart)
    {
        var local = Path.Combine(".tools", "bin", "helm");
        var helm = File.Exists(local) ? local : "helm";
        var start = new ProcessStartInfo(helm) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "template", "pspr-check", chart }) start.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0) throw new InvalidInputException($"{chart}: helm template failed: {stderr.Trim()}");
            return stdout.Result;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidInputException($"{chart}: its templates need helm to render, and helm could not be run ({e.Message}); run scripts/install-tools.sh");
        }
    }
}

/// <summary>A set of add-backs ("geoip-hostpath, sys-ptrace") and the namespaces values give exactly those.</summary>
public sealed record AddBackNamespaces(string AddBacks, IReadOnlyList<string> Namespaces);
