using System.CommandLine;
using PspReplacement.Admission;
using PspReplacement.Cel;
using PspReplacement.Cli.Output;
using PspReplacement.Kubernetes;
using PspReplacement.Manifests;
using PspReplacement.Profiles;
using PspReplacement.Yaml;

namespace PspReplacement.Cli.Commands;

/// <summary>pspr check: admits manifests offline against a cluster's charts, a profile, or given policies, as the kube-apiserver would.</summary>
public static class CheckCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH") { Arity = ArgumentArity.ZeroOrMore, Description = "Manifest files, folders (recursively *.yaml, *.yml, *.json), or - for standard input" };
        var filenames = new Option<string[]>("--filename", "-f") { Description = "A manifest file, folder or - (repeatable), as kubectl apply -f; beside or instead of PATH" };
        var cluster = new Option<string?>("--cluster") { Description = "Check against this cluster's rendered charts (charts/NAME) and namespace labels" };
        CompletionCommand.CompleteClusters(cluster);
        var ns = new Option<string?>("--namespace", "-n") { Description = "Admit every object into this namespace instead of its own" };
        var profile = new Option<string?>("--profile") { Description = "Check as if in a namespace with this profile" };
        profile.AcceptOnlyFromAmong("baseline", "restricted");
        var pssVersion = new Option<string>("--pss-version") { Description = "With --profile: the PSS version (v1.NN or latest)", DefaultValueFactory = _ => "latest" };
        var allow = new Option<string[]>("--allow") { Description = "With --profile: an add-back the namespace has (repeatable)" };
        var policies = new Option<string[]>("--policies") { Description = "Check against the ValidatingAdmissionPolicies (and bindings) in PATH (repeatable)" };
        var paramsOption = new Option<string[]>("--params") { Description = "With --policies: parameter objects for paramKind/paramRef (repeatable)" };
        var operation = new Option<string>("--operation") { Description = "The request's operation", DefaultValueFactory = _ => "CREATE" };
        operation.AcceptOnlyFromAmong("CREATE", "UPDATE");
        var old = new Option<string[]>("--old") { Description = "The old objects of an UPDATE, matched to the new ones by kind, namespace and name (repeatable)" };
        var subresource = new Option<string?>("--subresource") { Description = "The request's subresource, e.g. ephemeralcontainers" };
        var user = new Option<string?>("--user") { Description = "request.userInfo.username" };
        var group = new Option<string[]>("--group") { Description = "request.userInfo.groups (repeatable; system:authenticated is always added)" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Text output: print only what fails (denials, invalid objects, warnings) and the summary" };
        var output = new Option<string>("--output", "-o") { Description = "text, json, junit or policy-report", DefaultValueFactory = _ => "text" };
        output.AcceptOnlyFromAmong(CheckReportWriters.Formats);
        var validate = new Option<string>("--validate")
        {
            Description = "Fields the Kubernetes types do not have and duplicate keys, as the apiserver's field validation treats them: " +
                          "warn (the field is dropped, a duplicate keeps its last value, each with a warning, as for Helm), " +
                          "strict (the object is refused, as with kubectl's default) or ignore (dropped and kept silently)",
            DefaultValueFactory = _ => "warn",
        };
        validate.AcceptOnlyFromAmong("warn", "strict", "ignore");
        var kubernetesVersion = new Option<string?>("--kubernetes-version", "--kube-version") { Description = "The Kubernetes version whose CEL to use (default: the cluster's, else the newest)" };
        var charts = new Option<string?>("--charts") { Description = "Where the rendered charts are (default: the repository's charts/, found from here up)" };
        var values = new Option<string?>("--values") { Description = "Where the values are, for a cluster's Kubernetes version (default: the repository's values/)" };
        var profiles = new Option<string?>("--profiles") { Description = "Where the policy library is (default: the repository's profiles/)" };

        var command = new Command("check", "Admit manifests offline as the kube-apiserver would, against a cluster, a profile or given policies.\n" +
                                           "Exit status: 0 all admitted (warnings do not fail), 1 any denied, 2 unreadable input or bad usage.")
        {
            paths, filenames, cluster, ns, profile, pssVersion, allow, policies, paramsOption, operation, old, subresource, user, group, output, quiet,
            validate, kubernetesVersion, charts, values, profiles,
        };
        command.SetAction(parse =>
        {
            string[] inputs = [.. parse.GetValue(paths) ?? [], .. parse.GetValue(filenames) ?? []];
            if (inputs.Length == 0) throw new InvalidInputException("pspr check: give the manifests to check: PATH..., -f PATH, or - for standard input");
            var modes = new[] { parse.GetValue(cluster) is not null, parse.GetValue(profile) is not null, (parse.GetValue(policies)?.Length ?? 0) > 0 }.Count(m => m);
            if (modes != 1) throw new InvalidInputException("pspr check: give exactly one of --cluster NAME, --profile baseline|restricted, --policies PATH");
            KubernetesVersion? version = null;
            if (parse.GetValue(kubernetesVersion) is { } kv)
            {
                version = KubernetesVersion.TryParse(kv, out var parsed) ? parsed : throw new InvalidInputException($"--kubernetes-version {kv}: not a Kubernetes version such as 1.30");
                if (parsed < KubernetesVersion.Oldest || parsed > KubernetesVersion.Latest)
                    throw new InvalidInputException($"--kubernetes-version {kv}: Kubernetes {parsed} is not supported; give a version from {KubernetesVersion.Oldest} to {KubernetesVersion.Latest}");
            }

            var namespaceOverride = parse.GetValue(ns);
            AdmissionSetup setup;
            Func<string, string?>? describeNamespace = null;
            if (parse.GetValue(cluster) is { } clusterName)
            {
                var clusterCharts = ClusterCharts.Read(RepositoryFolder.Folder(parse.GetValue(charts), "charts"), RepositoryFolder.Folder(parse.GetValue(values), "values"), clusterName, version);
                setup = AdmissionSetup.ForCluster(clusterCharts);
                var summaries = clusterCharts.NamespaceSummaries;
                describeNamespace = ns => summaries.GetValueOrDefault(ns) ?? summaries.GetValueOrDefault("");
            }
            else if (ProfileNames.TryParse(parse.GetValue(profile), out var namespaceProfile))
            {
                var pss = PssVersion.TryParse(parse.GetValue(pssVersion), out var p) ? p : parse.GetValue(pssVersion) == "latest" ? PssVersion.Latest
                    : throw new InvalidInputException($"--pss-version {parse.GetValue(pssVersion)}: not a PSS version such as v1.30 or latest");
                if (pss > PssVersion.Latest)
                    throw new InvalidInputException($"--pss-version {pss}: newer than this tool knows ({PssVersion.Latest}); give {PssVersion.Latest} or older, or latest");
                var library = PolicyLibraryLoader.Load(RepositoryFolder.Folder(parse.GetValue(profiles), "profiles"));
                var addBacks = parse.GetValue(allow) ?? [];
                var unknown = addBacks.Where(a => library.AddBacks.All(b => b.Name != a)).ToList();
                if (unknown.Count > 0)
                    throw new InvalidInputException($"--allow {string.Join(", ", unknown)}: no such add-back; known: {string.Join(", ", library.AddBacks.Select(b => b.Name).Order(StringComparer.Ordinal))}");
                setup = AdmissionSetup.ForProfile(library, namespaceProfile, pss, addBacks,
                    version ?? KubernetesVersion.Latest, namespaceOverride ?? "default");
            }
            else
            {
                var paramObjects = ReadAll(parse.GetValue(paramsOption) ?? [], "--params");
                var policyPaths = parse.GetValue(policies)!;
                var objects = PolicyObjectLoader.Load(policyPaths);
                if (objects.Policies.Count == 0)
                    throw new InvalidInputException($"--policies {string.Join(" ", policyPaths)}: no ValidatingAdmissionPolicy found (admissionregistration.k8s.io v1, v1beta1 or v1alpha1)");
                setup = AdmissionSetup.ForPolicies(objects, version ?? KubernetesVersion.Latest, new ParamStore(paramObjects));
            }

            setup = setup with
            {
                Validation = parse.GetValue(validate) switch { "strict" => FieldValidation.Strict, "ignore" => FieldValidation.Ignore, _ => FieldValidation.Warn },
            };

            var groups = (parse.GetValue(group) ?? []).ToList();
            if (!groups.Contains("system:authenticated")) groups.Add("system:authenticated");
            var options = new RequestOptions(parse.GetValue(operation)!, parse.GetValue(subresource) ?? "", new UserInfo(parse.GetValue(user) ?? "", groups), namespaceOverride);
            var oldPaths = parse.GetValue(old) ?? [];
            if (oldPaths.Length > 0 && options.Operation == "CREATE") throw new InvalidInputException("--old is for --operation UPDATE; a CREATE has no old object");
            var oldIndex = oldPaths.Length > 0 ? new OldObjectIndex(ReadAll(oldPaths, "--old"), options) : null;

            var colour = parse.GetValue(output) == "text" && !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;
            var stdout = new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false), 64 * 1024) { NewLine = "\n", AutoFlush = false };
            var writer = CheckReportWriters.Create(parse.GetValue(output)!, stdout, colour, parse.GetValue(quiet), describeNamespace);
            var checker = new ManifestChecker(setup, options, oldIndex);
            var rules = parse.GetValue(validate) == "strict" ? YamlRules.Strict : YamlRules.Manifests;
            var summary = CheckSummary.Empty;
            var problems = new List<string>();
            // Decoding still runs ahead on background threads; the checker batches the entries again for admission.
            var entries = ParallelManifestReader.ReadBatches(inputs, 64, rules: rules).SelectMany(batch => batch);
            foreach (var entry in checker.Check(entries))
            {
                summary = summary.Add(entry);
                if (entry.Problem is not null) problems.Add(entry.Problem);
                else writer.Write(entry.Result!);
            }
            writer.Complete(summary);
            stdout.Flush();
            foreach (var problem in problems) Console.Error.WriteLine(problem);
            // Checking nothing must not look like a pass: a wrong path or an empty render would gate nothing.
            if (summary.Objects == 0 && summary.Problems == 0)
            {
                Console.Error.WriteLine($"{string.Join(" ", inputs)}: no objects found; give the manifests to check (files, folders, or - for standard input)");
                return ExitCodes.InvalidInput;
            }
            // An object the apiserver refuses is bad input like an unreadable document: the deploy would fail.
            return summary.Problems > 0 || summary.Invalid > 0 ? ExitCodes.InvalidInput : summary.Denied > 0 ? ExitCodes.Problems : ExitCodes.Ok;
        });
        return command;
    }

    private static List<ManifestObject> ReadAll(IEnumerable<string> paths, string option)
    {
        var objects = new List<ManifestObject>();
        var problems = new List<string>();
        foreach (var e in ManifestReader.Read(paths, rules: YamlRules.Manifests))
        {
            if (e.Problem is not null) problems.Add($"{option}: {e.Problem}");
            else objects.Add(e.Object!);
        }
        if (problems.Count > 0) throw new InvalidInputException(problems);
        return objects;
    }
}
