using System.CommandLine;
using PspReplacement.Cli.Output;
using PspReplacement.Rendering;
using PspReplacement.Rendering.Autogen;
using PspReplacement.Rendering.Review;
using PspReplacement.Vap;

namespace PspReplacement.Cli.Commands;

/// <summary>pspr render: values/ + profiles/ → charts/ and helmfile.d/ (or, with --check, the drift between them).</summary>
public static class RenderCommand
{
    public static Command Create()
    {
        var check = new Option<bool>("--check") { Description = "Write nothing; print a unified diff of any drift between the committed charts/helmfile.d and a fresh render, exit 1 if any." };
        var cluster = new Option<string[]>("--cluster") { Description = "Render only this cluster (values/NAME.yaml); repeatable. Default: every cluster.", AllowMultipleArgumentsPerToken = false };
        CompletionCommand.CompleteClusters(cluster);
        var root = new Option<DirectoryInfo?>("--root") { Description = "The repository (holding values/, profiles/, templates/). Default: the current directory or the nearest one above it with values/ and profiles/." };
        var output = new Option<string>("--output", "-o") { Description = "text (summary on standard error, --check's diff on standard output) or json|yaml (everything on standard output)", DefaultValueFactory = _ => "text" };
        output.AcceptOnlyFromAmong("text", "json", "yaml");
        var command = new Command("render",
            "Render each cluster's values (values/common.yaml, values/groups/*.yaml, values/CLUSTER.yaml) into charts/CLUSTER (ValidatingAdmissionPolicies and bindings), " +
            "charts/CLUSTER-namespaces (namespace labels) and helmfile.d/. Validates everything first; on any error nothing is written.\n" +
            "Exit status: 0 rendered (or no drift), 1 drift found (--check), 2 invalid input.")
        {
            check, cluster, root, output,
        };
        command.SetAction(parse => Run(parse.GetValue(check), parse.GetValue(cluster) ?? [], parse.GetValue(root), parse.GetValue(output) ?? "text"));
        return command;
    }

    private static int Run(bool check, string[] clusters, DirectoryInfo? rootOption, string format)
    {
        var json = format != "text";
        var root = rootOption?.FullName ?? RepositoryFolder.Find();
        var output = FleetRenderer.Render(root, clusters.Length == 0 ? null : clusters.Distinct().ToList());
        if (!json)
            foreach (var plan in output.Clusters) Console.Error.WriteLine(Summary(plan));

        if (check)
        {
            var drift = OutputTree.Drift(root, output, Console.Error.WriteLine);
            if (json)
                Console.Out.Write(CliJson.Serialize(new { clusters = ClusterFacts(output), upToDate = drift.Count == 0, drift = drift.Select(d => new { path = d.Path, diff = d.Diff }) }, format));
            else if (drift.Count == 0)
                Console.Error.WriteLine("render --check: charts/, helmfile.d/ and docs/policies.md are up to date");
            else
            {
                foreach (var file in drift) Console.Out.Write(file.Diff);
                Console.Error.WriteLine($"render --check: {drift.Count} file(s) differ from a fresh render; run ./pspr render and commit the result with the values change");
            }
            return drift.Count == 0 ? ExitCodes.Ok : ExitCodes.Problems;
        }

        var changed = OutputTree.Write(root, output, Console.Error.WriteLine);
        // What the change means for security, against the committed state, when there is one (a full render only:
        // one cluster's render does not show the others).
        IReadOnlyList<SecurityChange> security = [];
        string? noSecurityDiff = null;
        if (changed.Count > 0 && clusters.Length == 0 && Directory.Exists(Path.Combine(root, ".git")))
        {
            try { security = SecurityReview.Against(root, "HEAD", output); }
            catch (InvalidInputException e) { noSecurityDiff = e.Problems[0].ToString(); }
        }
        if (json)
        {
            Console.Out.Write(CliJson.Serialize(new
            {
                clusters = ClusterFacts(output),
                changed,
                securityChanges = security.Select(c => new { cluster = c.Cluster, @namespace = c.Namespace, change = c.Text, risky = c.Risky }),
                securityDiffUnavailable = noSecurityDiff,
            }, format));
            return ExitCodes.Ok;
        }
        Console.Error.WriteLine(changed.Count == 0
            ? "render: charts/, helmfile.d/ and docs/policies.md already up to date"
            : $"render: {changed.Count} file(s) changed:\n" + string.Join("\n", changed.Select(p => "  " + p)));
        if (security.Count > 0) Console.Error.Write("render: security changes against HEAD (pspr diff):\n" + string.Concat(DiffCommand.Format(security, "text", "HEAD").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => $"  {l}\n")));
        if (noSecurityDiff is not null) Console.Error.WriteLine($"render: no security diff against HEAD ({noSecurityDiff})");
        return ExitCodes.Ok;
    }

    /// <summary>The summary's facts per cluster, for -o json.</summary>
    private static IEnumerable<object> ClusterFacts(RenderOutput output) => output.Clusters.Select(plan => new
    {
        name = plan.Cluster.Name,
        kubernetesVersion = plan.Cluster.KubernetesVersion.ToString(),
        admissionApiVersion = KubernetesApi.AdmissionApiVersion(plan.Cluster.KubernetesVersion),
        pssVersion = plan.Cluster.PssVersion.ToString(),
        policies = plan.Rendered.Policies.Count,
        bindings = plan.Rendered.Bindings.Count,
        namespaces = plan.Rendered.Namespaces.Count,
        notes = RenderNotes.For(plan.Cluster, plan.Namespaces, plan.Rendered),
    });

    /// <summary>One line per cluster, then what a reviewer must know: risky exemptions, privileged namespaces, policies not denying yet.</summary>
    private static string Summary(ClusterPlan plan)
    {
        var c = plan.Cluster;
        var lines = new List<string>
        {
            $"{c.Name}: Kubernetes {c.KubernetesVersion} ({KubernetesApi.AdmissionApiVersion(c.KubernetesVersion)}), PSS {c.PssVersion}, " +
            $"{plan.Rendered.Policies.Count} policies, {plan.Rendered.Bindings.Count} bindings, {plan.Rendered.Namespaces.Count} namespaces",
        };
        lines.AddRange(RenderNotes.For(c, plan.Namespaces, plan.Rendered).Select(n => "  " + n));
        return string.Join("\n", lines);
    }

}
