using k8s.Models;
using PspReplacement.Config;
using PspReplacement.Profiles;
using PspReplacement.Rendering.Bindings;
using PspReplacement.Vap;

namespace PspReplacement.Rendering;

/// <summary>Everything render produces: file contents by repository-relative path, the folders it owns, and notes for the user.</summary>
public sealed record RenderOutput(
    SortedDictionary<string, string> Files,
    IReadOnlyList<string> OwnedFolders,
    IReadOnlyList<string> OwnedFiles,
    IReadOnlyList<ClusterPlan> Clusters);

/// <summary>values/ + profiles/ + templates/ → charts/ and helmfile.d/, validated, in memory. Writing is <see cref="OutputTree"/>'s job.</summary>
public static class FleetRenderer
{
    public static RenderOutput Render(string repositoryRoot, IReadOnlyList<string>? onlyClusters = null)
    {
        var valuesDir = Path.Combine(repositoryRoot, "values");
        var allClusters = ValuesLoader.ClusterNames(valuesDir);
        var problems = new List<string>();
        IReadOnlyList<ClusterConfig> clusters = [];
        PolicyLibrary? library = null;
        TemplateSet? templates = null;
        // Report the problems of every input at once: values, library and templates.
        try { clusters = ValuesLoader.Load(valuesDir, onlyClusters); } catch (InvalidInputException e) { problems.AddRange(e.Problems); }
        try { library = PolicyLibraryLoader.Load(Path.Combine(repositoryRoot, "profiles")); } catch (InvalidInputException e) { problems.AddRange(e.Problems); }
        try { templates = TemplateSet.Load(Path.Combine(repositoryRoot, "templates")); } catch (InvalidInputException e) { problems.AddRange(e.Problems); }
        if (problems.Count > 0 || library is null || templates is null) throw new InvalidInputException(problems);

        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var plans = new List<ClusterPlan>();
        var ownedFolders = new List<string>();
        foreach (var cluster in clusters)
        {
            ClusterPlan plan;
            try { plan = ClusterRenderer.Plan(cluster, library); }
            catch (InvalidInputException e) { problems.AddRange(e.Problems); continue; }
            plans.Add(plan);
            var scheme = new LabelScheme(cluster.LabelPrefix);
            var clusterFiles = ChartBuilder.Build(plan, library, templates, repositoryRoot);
            problems.AddRange(Validate(plan, library, clusterFiles, scheme));
            problems.AddRange(RenderValidator.CheckExpressions(cluster, library, plan.Rendered, scheme));
            foreach (var (path, text) in clusterFiles) files[path] = text;
            ownedFolders.Add($"{ChartBuilder.ChartsFolder}/{cluster.Name}");
            ownedFolders.Add($"{ChartBuilder.ChartsFolder}/{ChartBuilder.NamespacesChartName(cluster.Name)}");
        }
        if (problems.Count > 0) throw new InvalidInputException(problems);

        // The helmfile names every cluster with its kube context, the ones not rendered now too.
        var contexts = new List<(string Cluster, string KubeContext)>();
        foreach (var name in allClusters)
        {
            if (clusters.FirstOrDefault(c => c.Name == name) is { } loaded) contexts.Add((name, loaded.KubeContext));
            else try { contexts.Add((name, ValuesLoader.KubeContextOf(valuesDir, name))); } catch (InvalidInputException e) { problems.AddRange(e.Problems); }
        }
        if (problems.Count > 0) throw new InvalidInputException(problems);
        var helmfile = ChartBuilder.Helmfile(contexts, templates);
        files[helmfile.Key] = helmfile.Value;
        // The library's reference page is generated from the same profiles/, so it is render's to keep in sync too.
        files[PolicyReferencePage.RelativePath] = PolicyReferencePage.Render(library);
        // A full render owns charts/ and helmfile.d/ whole: a chart or helmfile left from a removed cluster is drift.
        if (onlyClusters is null) ownedFolders = [ChartBuilder.ChartsFolder, ChartBuilder.HelmfileFolder];
        return new RenderOutput(files, ownedFolders, [helmfile.Key, PolicyReferencePage.RelativePath], plans);
    }

    private static IEnumerable<string> Validate(ClusterPlan plan, PolicyLibrary library, SortedDictionary<string, string> files, LabelScheme scheme)
    {
        var cluster = plan.Cluster;
        var rendered = plan.Rendered;
        var apiVersion = KubernetesApi.AdmissionApiVersion(cluster.KubernetesVersion);
        foreach (var (path, text) in files.Where(f => f.Key.Contains("/templates/", StringComparison.Ordinal) && f.Key.EndsWith(".yaml", StringComparison.Ordinal)))
        {
            foreach (var problem in RenderValidator.CheckRoundTrip(path, text)) yield return problem;
            IReadOnlyList<object> expected;
            if (path.EndsWith("/namespaces.yaml", StringComparison.Ordinal)) expected = rendered.Namespaces;
            else
            {
                var policyName = Path.GetFileNameWithoutExtension(path);
                expected = rendered.Policies.Where(p => ChartBuilder.PolicyOf(p.Metadata, scheme) == policyName)
                    .SelectMany(vap => new object[] { vap }.Concat(rendered.Bindings.Where(b => b.Spec.PolicyName == vap.Metadata.Name))).ToList();
            }
            foreach (var problem in RenderValidator.CheckMatches(path, text, expected, apiVersion)) yield return problem;
        }
    }
}
