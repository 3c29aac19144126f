using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using PspReplacement.Cel;
using PspReplacement.Config;
using PspReplacement.Profiles;

namespace PspReplacement.Rendering;

/// <summary>
/// Checks rendered output before anything is written: every document of a chart reads back through the KubernetesClient
/// typed model without losing a field and equals the object render meant; every CEL expression compiles for the cluster.
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
        // The templates put every separator at column 0 (block scalars are indented), so this split yields each document's text.
        var texts = System.Text.RegularExpressions.Regex.Split(yaml, @"^---[ \t]*$", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Where(t => t.Split('\n').Any(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#'))).ToList();
        if (texts.Count != documents.Count)
            return [$"{path}: {documents.Count} YAML documents but {texts.Count} '---'-separated parts; this is a template bug"];
        foreach (var (document, text) in documents.Zip(texts))
        {
            var written = SourceJson.ToJson(document);
            var kind = (written as JsonObject)?["kind"]?.GetValue<string>();
            JsonNode? typed;
            try
            {
                // Strict: the KubernetesClient YAML reader refuses any field its model does not have.
                typed = kind switch
                {
                    "ValidatingAdmissionPolicy" => ChartBuilder.ToJson(KubernetesYaml.Deserialize<V1ValidatingAdmissionPolicy>(text, strict: true)),
                    "ValidatingAdmissionPolicyBinding" => ChartBuilder.ToJson(KubernetesYaml.Deserialize<V1ValidatingAdmissionPolicyBinding>(text, strict: true)),
                    "Namespace" => ChartBuilder.ToJson(KubernetesYaml.Deserialize<V1Namespace>(text, strict: true)),
                    _ => null,
                };
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or YamlDotNet.Core.YamlException)
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
        var environment = CelEnvironment.ForKubernetes(cluster.KubernetesVersion, KubernetesApi.ExpressionVariables(cluster.KubernetesVersion));
        foreach (var vap in rendered.Policies)
        {
            var policy = library.Policies.FirstOrDefault(p => p.Name == ChartBuilder.PolicyOf(vap.Metadata, scheme));
            var spec = vap.Spec; // already in the cluster's apiserver form
            var source = policy is null ? "" : $" ({policy.SourcePath})";
            foreach (var (field, expression) in Expressions(spec))
            {
                try { environment.Compile(expression); }
                catch (CelCompileException e)
                {
                    foreach (var issue in e.Issues.DefaultIfEmpty(new CelIssue(e.Message, 1, 1, 0)))
                        problems.Add($"policy '{vap.Metadata.Name}'{source} {field}:{issue.Line}:{issue.Column}: {issue.Message} (Kubernetes {cluster.KubernetesVersion}, cluster {cluster.Name}); fix the expression");
                }
            }
        }
        return problems;
    }

    public static IEnumerable<(string Field, string Expression)> Expressions(V1ValidatingAdmissionPolicySpec spec)
    {
        foreach (var (c, i) in (spec.MatchConditions ?? []).Select((c, i) => (c, i))) yield return ($"spec.matchConditions[{i}].expression", c.Expression);
        foreach (var (v, i) in (spec.Variables ?? []).Select((v, i) => (v, i))) yield return ($"spec.variables[{i}].expression", v.Expression);
        foreach (var (v, i) in (spec.Validations ?? []).Select((v, i) => (v, i)))
        {
            yield return ($"spec.validations[{i}].expression", v.Expression);
            if (v.MessageExpression is not null) yield return ($"spec.validations[{i}].messageExpression", v.MessageExpression);
        }
        foreach (var (a, i) in (spec.AuditAnnotations ?? []).Select((a, i) => (a, i))) yield return ($"spec.auditAnnotations[{i}].valueExpression", a.ValueExpression);
    }
}
