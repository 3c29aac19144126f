using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using PspReplacement.Cel;
using PspReplacement.Config;
using PspReplacement.Profiles;
using PspReplacement.Rendering.Bindings;
using PspReplacement.Vap;
using PspReplacement.Yaml;

namespace PspReplacement.Rendering;

/// <summary>
/// Checks rendered output before anything is written: every document of a chart reads back through the KubernetesClient
/// typed model without losing a field (a field the model does not have is lost) and equals the object render meant;
/// every CEL expression compiles for the cluster.
/// </summary>
public static class RenderValidator
{
    /// <summary>Round trip of every YAML document under the chart's templates/ (path: repository-relative, for messages).</summary>
    public static IReadOnlyList<string> CheckRoundTrip(string path, string yaml)
    {
        var problems = new List<string>();
        IReadOnlyList<SourceNode> documents;
        try { documents = SourceYamlReader.ReadDocuments(yaml, path); }
        catch (InvalidInputException e) { return e.Problems.Select(p => $"rendered {p} (a template bug)").ToList(); }
        foreach (var document in documents)
        {
            var written = SourceJson.ToJson(document);
            var kind = (written as JsonObject)?["kind"]?.GetValue<string>();
            var json = written?.ToJsonString() ?? "null";
            JsonNode? typed;
            try
            {
                typed = kind switch
                {
                    "ValidatingAdmissionPolicy" => ChartBuilder.ToJson(KubernetesJson.Deserialize<V1ValidatingAdmissionPolicy>(json)),
                    "ValidatingAdmissionPolicyBinding" => ChartBuilder.ToJson(KubernetesJson.Deserialize<V1ValidatingAdmissionPolicyBinding>(json)),
                    "Namespace" => ChartBuilder.ToJson(KubernetesJson.Deserialize<V1Namespace>(json)),
                    _ => null,
                };
            }
            catch (System.Text.Json.JsonException e)
            {
                problems.Add($"{document.Mark}: rendered {kind} does not read back through the Kubernetes model ({e.Message}); this is a template bug");
                continue;
            }
            if (typed is null)
            {
                problems.Add($"{document.Mark}: rendered a document of unexpected kind '{kind}'; this is a template bug");
                continue;
            }
            if (JsonLoss.FirstDifference(written, typed) is { } lost)
                problems.Add($"{SourceJson.Find(document, lost).Mark}: rendered field {lost} is lost by the Kubernetes model; this is a template or policy bug");
        }
        return problems;
    }

    /// <summary>The rendered documents equal the objects render built (the templates did not change what gets applied).</summary>
    public static IReadOnlyList<string> CheckMatches(string path, string yaml, IReadOnlyList<object> expected, string apiVersion)
    {
        var problems = new List<string>();
        var documents = SourceYamlReader.ReadDocuments(yaml, path);
        if (documents.Count != expected.Count)
            return [$"{path}: rendered {documents.Count} documents where {expected.Count} were expected; this is a template bug"];
        for (var i = 0; i < documents.Count; i++)
        {
            var want = ChartBuilder.ToJson(expected[i]) as JsonObject;
            if (want is not null && want["kind"]?.GetValue<string>() != "Namespace") want["apiVersion"] = apiVersion;
            if (JsonLoss.FirstDifference(want, SourceJson.ToJson(documents[i])) is { } diff)
                problems.Add($"{SourceJson.Find(documents[i], diff).Mark}: rendered {diff} differs from what render built; this is a template bug");
        }
        return problems;
    }

    /// <summary>Compiles every expression of the policies as the cluster's apiserver will see them. Returns the problems.</summary>
    public static IReadOnlyList<string> CheckExpressions(ClusterConfig cluster, PolicyLibrary library, RenderedCluster rendered, LabelScheme scheme)
    {
        var problems = new List<string>();
        foreach (var vap in rendered.Policies)
        {
            var policy = library.Policies.FirstOrDefault(p => p.Name == ChartBuilder.PolicyOf(vap.Metadata, scheme));
            var source = policy is null ? "" : $" ({policy.SourcePath})";
            // vap.Spec is already in the cluster's apiserver form.
            foreach (var failed in VapCompiler.CompileAll(vap.Spec, cluster.KubernetesVersion).Where(c => c.Program is null))
                foreach (var issue in failed.Issues.DefaultIfEmpty(new CelIssue(failed.Problem!, 1, 1, 0)))
                    problems.Add($"policy '{vap.Metadata.Name}'{source} {failed.Source.Path}:{issue.Line}:{issue.Column}: {issue.Message} (Kubernetes {cluster.KubernetesVersion}, cluster {cluster.Name}); fix the expression");
        }
        return problems;
    }
}
