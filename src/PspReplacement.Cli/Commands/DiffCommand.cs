using System.CommandLine;
using PspReplacement.Cli.Output;
using PspReplacement.Rendering;
using PspReplacement.Rendering.Review;

namespace PspReplacement.Cli.Commands;

/// <summary>
/// pspr diff: what the working tree's values and library change for security against a git revision (default: the
/// committed state), per cluster and namespace. The markdown is meant for a merge-request comment.
/// </summary>
public static class DiffCommand
{
    public static Command Create()
    {
        var baseRef = new Option<string>("--base") { Description = "The git revision to compare with (default: HEAD, the committed state)", DefaultValueFactory = _ => "HEAD" };
        var output = new Option<string>("--output", "-o") { Description = "text, markdown, json or yaml", DefaultValueFactory = _ => "text" };
        output.AcceptOnlyFromAmong("text", "markdown", "json", "yaml");
        var root = new Option<DirectoryInfo?>("--root") { Description = "The repository. Default: the nearest folder at or above this one with values/ and profiles/." };
        var command = new Command("diff",
            "What a change means for security: namespaces added or removed, profiles, add-backs (and what they allow), exclusions, PSS pins, " +
            "cluster versions, validation actions, exemptions and changed rules, flagging what is privileged in effect.\n" +
            "Exit status: 0 printed (with or without changes), 2 invalid input (a tree that does not render, a revision git does not know).")
        {
            baseRef, output, root,
        };
        command.SetAction(parse =>
        {
            var repository = parse.GetValue(root)?.FullName ?? RepositoryFolder.Find();
            var changes = SecurityReview.Against(repository, parse.GetValue(baseRef)!, FleetRenderer.Render(repository));
            Console.Out.Write(Format(changes, parse.GetValue(output)!, parse.GetValue(baseRef)!));
            return ExitCodes.Ok;
        });
        return command;
    }

    public static string Format(IReadOnlyList<SecurityChange> changes, string output, string baseRef)
    {
        var byCluster = changes.GroupBy(c => c.Cluster).ToList();
        switch (output)
        {
            case "json" or "yaml":
                return CliJson.Serialize(new
                {
                    @base = baseRef,
                    clusters = byCluster.Select(g => new { name = g.Key, changes = g.Select(c => new { @namespace = c.Namespace, change = c.Text, risky = c.Risky }) }),
                }, output);
            case "markdown":
            {
                var md = new System.Text.StringBuilder($"## Pod Security changes against `{baseRef}`\n\n");
                if (changes.Count == 0) md.Append("No change to what any cluster enforces.\n");
                foreach (var g in byCluster)
                {
                    md.Append($"### {g.Key}\n\n");
                    foreach (var c in g) md.Append($"- {(c.Risky ? "⚠️ **" : "")}{(c.Namespace is null ? "" : $"`{c.Namespace}`: ")}{c.Text}{(c.Risky ? "**" : "")}\n");
                    md.Append('\n');
                }
                return md.ToString();
            }
            default:
            {
                if (changes.Count == 0) return $"no change to what any cluster enforces (against {baseRef})\n";
                return string.Concat(changes.Select(c => $"{(c.Risky ? "RISK " : "")}{c.Cluster}: {(c.Namespace is null ? "" : $"namespace {c.Namespace}: ")}{c.Text}\n"));
            }
        }
    }
}
