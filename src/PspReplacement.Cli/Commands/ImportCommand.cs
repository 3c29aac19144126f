using System.CommandLine;
using PspReplacement.Cel;
using PspReplacement.Cli.Output;
using PspReplacement.Import;
using PspReplacement.Profiles;

namespace PspReplacement.Cli.Commands;

/// <summary>`pspr import kyverno PATH... --out DIR`: Kyverno CEL policies and their tests into the library format.</summary>
public static class ImportCommand
{
    public static Command Create()
    {
        var import = new Command("import", "Import policies written for other engines into the policy library format.");
        import.Subcommands.Add(CreateKyverno());
        return import;
    }

    private static Command CreateKyverno()
    {
        var paths = new Argument<string[]>("PATH")
        {
            Description = "Kyverno policy files or folders (folders are searched recursively).",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string>("--out")
        {
            Description = "The folder to write into: OUT/<profile>/<policy>/policy.yaml and tests.yaml.",
            Required = true,
        };
        var kubernetesVersion = new Option<string>("--kubernetes-version", "--kube-version")
        {
            Description = "Validate expressions with the CEL of this Kubernetes version.",
            DefaultValueFactory = _ => KubernetesVersion.Latest.ToString(),
        };
        var profile = new Option<string>("--profile")
        {
            Description = "Profile of policies whose category names no Pod Security Standards profile: baseline or restricted.",
            DefaultValueFactory = _ => "restricted",
        };
        var force = new Option<bool>("--force") { Description = "Overwrite imported files that were edited by hand since the last import." };
        var format = new Option<string>("--output", "-o") { Description = "text, json or yaml (the report on standard output)", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json", "yaml");

        var command = new Command("kyverno", Help) { paths, output, kubernetesVersion, profile, force, format };
        command.SetAction(parse =>
        {
            var versionText = parse.GetValue(kubernetesVersion)!;
            if (!KubernetesVersion.TryParse(versionText, out var version) || version < KubernetesVersion.Oldest || version > KubernetesVersion.Latest)
                throw new InvalidInputException($"--kubernetes-version {versionText}: give a Kubernetes version from {KubernetesVersion.Oldest} to {KubernetesVersion.Latest}, e.g. 1.30");
            var profileText = parse.GetValue(profile);
            if (!ProfileNames.TryParse(profileText, out var profileLevel) || profileLevel == Profile.Privileged)
                throw new InvalidInputException($"--profile {profileText}: use baseline or restricted");
            var outDirectory = parse.GetValue(output)!;
            var report = KyvernoImporter.Run(new KyvernoImportOptions(parse.GetValue(paths)!, outDirectory, version, profileLevel, parse.GetValue(force)));
            return parse.GetValue(format) is "json" or "yaml" ? PrintJson(report, outDirectory, parse.GetValue(format)!) : Print(report, outDirectory);
        });
        return command;
    }

    private const string Help =
        "Import Kyverno CEL policies and their tests into the policy library format.\n\n" +
        "Reads kyverno.io ClusterPolicy/Policy rules with validate.cel and policies.kyverno.io ValidatingPolicy " +
        "(v1alpha1, v1beta1, v1). Each ClusterPolicy rule becomes one policy named <policy>-<rule>; a ValidatingPolicy is " +
        "one policy under its own name. Rules that match only Pods are written in pod form (no matchConstraints), so " +
        "render's controller autogen applies; Kyverno's autogen rules (autogen-*) are folded into their pod rule, and an " +
        "autogen-controllers annotation or spec.autogen.podControllers is kept as autogenControllers.\n\n" +
        "Profile: category 'Pod Security Standards (Baseline|Restricted)' gives the profile; otherwise --profile " +
        "(default restricted, the narrower binding). PSS versions: from the lower bound of kyverno.io/kubernetes-version, " +
        "else every version (v1.0 on).\n\n" +
        "Tests: .kyverno-test/kyverno-test.yaml results (pass and skip: allow; fail and warn: deny) and .chainsaw-test/ " +
        "manifests (an expected $error: deny) become tests.yaml beside the policy. A deny fixture expects the policy's " +
        "static message when it has exactly one, else the policy name (which every denial message contains). A policy " +
        "without upstream tests gets no tests.yaml; pspr test then asks for fixtures.\n\n" +
        "Skipped and reported (exit 1): pattern, anyPattern, deny, foreach, podSecurity, JMESPath preconditions, context " +
        "lookups, match/exclude by subjects, roles, annotations or namespaceSelector, paramKind, expressions that do not " +
        "compile for --kubernetes-version. Files carry a checksum; a file edited by hand is not overwritten without " +
        "--force (exit 1, nothing written). Files an earlier import wrote from an upstream file read again, and that it " +
        "no longer produces, are removed. Same input, same output, byte for byte.\n\n" +
        "Exit status: 0 all imported, 1 something skipped or a file was edited locally, 2 unreadable input.";

    private static int Exit(KyvernoImportReport report) => report.Refused || report.Skips.Count > 0 ? ExitCodes.Problems : ExitCodes.Ok;

    private static int PrintJson(KyvernoImportReport report, string outDirectory, string format)
    {
        Console.Out.Write(CliJson.Serialize(new
        {
            @out = outDirectory,
            refused = report.Refused,
            policies = report.Policies,
            testCases = report.TestCases,
            written = report.Written,
            unchanged = report.Unchanged,
            removed = report.Removed,
            editedLocally = report.EditedLocally,
            skipped = report.Skips.Select(s => new { where = s.Where, what = s.What, reason = s.Reason }),
        }, format));
        return Exit(report);
    }

    private static int Print(KyvernoImportReport report, string outDirectory)
    {
        if (report.Refused)
        {
            foreach (var file in report.EditedLocally)
                Console.Error.WriteLine($"pspr import: {Path.Combine(outDirectory, file)} was edited by hand since the last import (its checksum no longer matches); " +
                                        "move your change upstream, or run again with --force to overwrite it.");
            Console.Error.WriteLine("pspr import: nothing written.");
        }
        else
        {
            Console.WriteLine($"imported {report.Policies.Count} policies with {report.TestCases} test cases into {outDirectory}: " +
                              $"{report.Written.Count} files written, {report.Unchanged.Count} unchanged");
            foreach (var file in report.Written) Console.WriteLine($"  wrote {file}");
            foreach (var file in report.Removed) Console.WriteLine($"  removed {file} (no longer produced by its upstream file)");
        }
        if (report.Skips.Count > 0)
        {
            Console.WriteLine($"skipped {report.Skips.Count}:");
            foreach (var skip in report.Skips) Console.WriteLine($"  {skip}");
        }
        return Exit(report);
    }
}
