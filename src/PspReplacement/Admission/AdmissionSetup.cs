using System.Diagnostics;
using PspReplacement.Cel;
using PspReplacement.Config;
using PspReplacement.Kubernetes;
using PspReplacement.Manifests;
using PspReplacement.Profiles;
using PspReplacement.Rendering;

namespace PspReplacement.Admission;

/// <summary>
/// What check and test admit against: the compiled policies with bindings, the namespaces' labels, and the
/// apiserver version whose decoding and defaulting turn manifests into the objects policies see.
/// </summary>
public sealed record AdmissionSetup(PolicySet Policies, NamespaceDirectory Namespaces, KubernetesVersion KubernetesVersion)
{
    /// <summary>What the apiserver does with fields the types do not have (check --validate).</summary>
    public FieldValidation Validation { get; init; } = FieldValidation.Warn;

    private ApiServerDecoder? _decoder;

    // Built on first use; a copy made with `with` may change Validation, so the cached one must still match.
    public ApiServerDecoder Decoder => _decoder is { } d && d.Validation == Validation && d.Version == KubernetesVersion
        ? d
        : _decoder = new ApiServerDecoder(KubernetesVersion, Validation);

    /// <summary>Admits a manifest (with its old object on UPDATE) as the apiserver would: decoded, defaulted, prepared, then the policies.</summary>
    public AdmissionResult Admit(ManifestObject o, ManifestObject? old, RequestOptions options)
    {
        var build = AdmissionRequestFactory.Create(o, old, options, Decoder);
        if (build.Request is not { } request) return new AdmissionResult(null, build.Invalid, build.InvalidPath, build.Warnings, "") { Fix = build.Fix };
        var ns = request.Namespace;
        var verdict = Policies.Admit(request, ns.Length == 0 ? null : Namespaces.LabelsOf(ns), ns.Length == 0 ? null : Namespaces.ObjectOf(ns));
        return new AdmissionResult(verdict, null, null, build.Warnings, request.IsNamespaceObject ? "" : ns);
    }

    /// <summary>
    /// A cluster's committed charts: charts/NAME (policies and bindings) and charts/NAME-namespaces (labels). The
    /// Kubernetes version comes from the cluster's values when they load, else the newest.
    /// </summary>
    public static AdmissionSetup ForCluster(string chartsDirectory, string valuesDirectory, string cluster, KubernetesVersion? version = null)
    {
        var chart = Path.Combine(chartsDirectory, cluster);
        if (!Directory.Exists(chart))
        {
            var known = Directory.Exists(chartsDirectory)
                ? Directory.GetDirectories(chartsDirectory).Select(Path.GetFileName).Where(n => n is not null && !n.EndsWith("-namespaces", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList()
                : [];
            throw new InvalidInputException($"--cluster {cluster}: there is no chart {chart}; known clusters: {string.Join(", ", known)} (run ./pspr render first)");
        }
        var objects = PolicyObjectLoader.FromObjects(ReadChart(chart));
        var namespacesChart = Path.Combine(chartsDirectory, cluster + "-namespaces");
        var namespaceObjects = Directory.Exists(namespacesChart) ? PolicyObjectLoader.FromObjects(ReadChart(namespacesChart)).Namespaces : [];
        var k8s = version ?? ClusterVersion(valuesDirectory, cluster) ?? KubernetesVersion.Latest;
        var directory = new NamespaceDirectory();
        foreach (var ns in objects.Namespaces.Concat(namespaceObjects)) directory.Add(ns);
        return new AdmissionSetup(PolicySet.Create(objects.Policies, objects.Bindings, k8s), directory, k8s);
    }

    /// <summary>check --profile: what render emits for a namespace with that profile and add-backs; every namespace is taken to be configured so.</summary>
    public static AdmissionSetup ForProfile(PolicyLibrary library, Profile profile, PssVersion pssVersion, IReadOnlyList<string> addBacks,
        KubernetesVersion version, string namespaceName = "default")
    {
        var rendered = ClusterRenderer.RenderProfile(library, profile, pssVersion, addBacks, version, namespaceName);
        return FromRendered(rendered, version, namespaceName);
    }

    /// <summary>Admission against rendered objects; when templateNamespace is given, namespaces nobody describes get its labels.</summary>
    public static AdmissionSetup FromRendered(RenderedCluster rendered, KubernetesVersion version, string? templateNamespace = null)
    {
        var template = templateNamespace is null ? null : rendered.Namespaces.FirstOrDefault(n => n.Metadata?.Name == templateNamespace)?.Metadata?.Labels;
        var directory = new NamespaceDirectory(rendered.Namespaces, template is null ? null : new Dictionary<string, string>(template));
        return new AdmissionSetup(PolicySet.Create(rendered.Policies, rendered.Bindings, version), directory, version);
    }

    /// <summary>check --policies: the VAPs and bindings in the paths (without bindings, every policy applies with Deny), and Namespaces there.</summary>
    public static AdmissionSetup ForPolicies(IReadOnlyList<string> paths, KubernetesVersion version, ParamStore? paramStore = null)
    {
        var objects = PolicyObjectLoader.Load(paths);
        if (objects.Policies.Count == 0)
            throw new InvalidInputException($"--policies {string.Join(" ", paths)}: no ValidatingAdmissionPolicy found (admissionregistration.k8s.io v1, v1beta1 or v1alpha1)");
        var bindings = objects.Bindings.Count > 0 ? objects.Bindings : PolicySet.BindEverywhere(objects.Policies);
        var directory = new NamespaceDirectory();
        foreach (var ns in objects.Namespaces) directory.Add(ns);
        return new AdmissionSetup(PolicySet.Create(objects.Policies, bindings, version, paramStore), directory, version);
    }

    private static KubernetesVersion? ClusterVersion(string valuesDirectory, string cluster)
    {
        try { return Directory.Exists(valuesDirectory) ? ValuesLoader.LoadCluster(valuesDirectory, cluster).KubernetesVersion : null; }
        catch (InvalidInputException) { return null; }
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
