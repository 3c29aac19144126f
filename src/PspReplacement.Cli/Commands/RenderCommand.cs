using System.CommandLine;
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
        var root = new Option<DirectoryInfo?>("--root") { Description = "The repository (holding values/, profiles/, templates/). Default: the current directory or the nearest one above it with values/ and profiles/." };
        var command = new Command("render",
            "Render each cluster's values (values/common.yaml, values/groups/*.yaml, values/CLUSTER.yaml) into charts/CLUSTER (ValidatingAdmissionPolicies and bindings), " +
            "charts/CLUSTER-namespaces (namespace labels) and helmfile.d/. Validates everything first; on any error nothing is written.\n" +
            "Exit status: 0 rendered (or no drift), 1 drift found (--check), 2 invalid input.")
        {
            check, cluster, root,
        };
        command.SetAction(parse => Run(parse.GetValue(check), parse.GetValue(cluster) ?? [], parse.GetValue(root)));
        return command;
    }

    private static int Run(bool check, string[] clusters, DirectoryInfo? rootOption)
    {
        var root = rootOption?.FullName ?? RepositoryFolder.Find();
        var output = FleetRenderer.Render(root, clusters.Length == 0 ? null : clusters.Distinct().ToList());
        foreach (var plan in output.Clusters) Console.Error.WriteLine(Summary(plan));

        if (check)
        {
            var drift = OutputTree.Drift(root, output, Console.Error.WriteLine);
            if (drift.Count == 0)
            {
                Console.Error.WriteLine("render --check: charts/, helmfile.d/ and docs/policies.md are up to date");
                return ExitCodes.Ok;
            }
            foreach (var diff in drift) Console.Out.Write(diff);
            Console.Error.WriteLine($"render --check: {drift.Count} file(s) differ from a fresh render; run ./pspr render and commit the result with the values change");
            return ExitCodes.Problems;
        }

        var changed = OutputTree.Write(root, output, Console.Error.WriteLine);
        Console.Error.WriteLine(changed.Count == 0
            ? "render: charts/, helmfile.d/ and docs/policies.md already up to date"
            : $"render: {changed.Count} file(s) changed:\n" + string.Join("\n", changed.Select(p => "  " + p)));
        // What the change means for security, against the committed state, when there is one (a full render only:
        // one cluster's render does not show the others).
        if (changed.Count > 0 && clusters.Length == 0 && Directory.Exists(Path.Combine(root, ".git")))
        {
            try
            {
                var security = SecurityReview.Against(root, "HEAD", output);
                if (security.Count > 0) Console.Error.Write("render: security changes against HEAD (pspr diff):\n" + string.Concat(DiffCommand.Format(security, "text", "HEAD").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => $"  {l}\n")));
            }
            catch (InvalidInputException e) { Console.Error.WriteLine($"render: no security diff against HEAD ({e.Problems[0]})"); }
        }
        return ExitCodes.Ok;
    }

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
