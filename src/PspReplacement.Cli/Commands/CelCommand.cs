using System.CommandLine;
using PspReplacement.Cel;
using PspReplacement.Cel.Runtime;
using PspReplacement.Cli.Cel;

namespace PspReplacement.Cli.Commands;

/// <summary>pspr cel: evaluate one CEL expression as a given Kubernetes version would, or serve a conformance harness.</summary>
public static class CelCommand
{
    public static Command Create() => new("cel", "Evaluate CEL expressions with the CEL of a Kubernetes version.")
    {
        Eval(),
        Conformance(),
    };

    private static Command Eval()
    {
        var expression = new Argument<string>("EXPR") { Description = "The CEL expression" };
        var objectFile = new Option<string?>("--object")
        {
            Description = "A YAML or JSON file bound to the variable 'object'; a Kubernetes object is bound as the apiserver of the version " +
                          "admits it (decoded, defaulted, prepared: what a ValidatingAdmissionPolicy sees), in the namespace 'default' unless it names one",
            HelpName = "FILE",
        };
        var raw = new Option<bool>("--raw") { Description = "Bind --object as written, without the apiserver's decoding" };
        var vars = new Option<string[]>("--var")
        {
            Description = "Bind the YAML or JSON document in FILE to the variable NAME (repeatable)",
            AllowMultipleArgumentsPerToken = false,
            HelpName = "NAME=FILE",
        };
        var version = new Option<string?>("--kubernetes-version", "--kube-version")
        {
            Description = $"The Kubernetes version whose CEL libraries to use ({KubernetesVersion.Oldest} to {KubernetesVersion.Latest}; default {KubernetesVersion.Latest})",
            HelpName = "1.NN",
        };
        var command = new Command("eval", "Compile and evaluate one expression and print its value.\n" +
                                          "Exit status: 0 a value, 1 an evaluation error, 2 a compile error or invalid input.")
        {
            expression, objectFile, raw, vars, version,
        };
        command.SetAction(parse =>
        {
            var kubernetes = ParseVersion(parse.GetValue(version));
            var bindings = new SortedDictionary<string, object>(StringComparer.Ordinal);
            if (parse.GetValue(objectFile) is { } objectPath)
                bindings["object"] = parse.GetValue(raw) ? Bind("object", objectPath) : BindAdmitted(objectPath, kubernetes);
            foreach (var spec in parse.GetValue(vars) ?? [])
            {
                var (name, path) = ParseVar(spec);
                if (!bindings.TryAdd(name, Bind(name, path)))
                    throw new InvalidInputException($"--var {spec}: the variable '{name}' is bound twice; bind each name once");
            }

            var text = parse.GetValue(expression)!;
            CelProgram program;
            try
            {
                program = CelEnvironment.ForKubernetes(kubernetes, bindings.Keys).Compile(text);
            }
            catch (CelCompileException e)
            {
                Console.Error.Write(e.Message.ReplaceLineEndings("\n") + "\n");
                return ExitCodes.InvalidInput;
            }
            var result = program.Evaluate(new MapActivation(bindings));
            if (result is CelError error)
            {
                Console.Error.Write($"evaluation error: {program.DescribeError(error).ReplaceLineEndings("\n")}\n");
                return ExitCodes.Problems;
            }
            Console.Out.Write(CelValue.Format(result) + "\n");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Conformance()
    {
        var command = new Command("conformance",
            "Serve a conformance harness: read JSON lines {\"expr\": ..., \"bindings\": {\"name\": VALUE}} from standard input and write " +
            "one line {\"value\": VALUE} or {\"error\": \"...\"} per input line, in order. VALUE is the protobuf JSON form of cel.expr.Value.\n" +
            "Environment: cel-spec's (every language feature and library, as the conformance data expects), or with --kubernetes-version " +
            "exactly what that Kubernetes version's apiserver accepts.");
        var version = new Option<string?>("--kubernetes-version", "--kube-version") { Description = "Evaluate in this Kubernetes version's CEL environment instead of cel-spec's (1.26 to " + KubernetesVersion.Latest + ")" };
        command.Options.Add(version);
        command.SetAction(parse =>
        {
            var text = parse.GetValue(version);
            KubernetesVersion? kubernetes = text is null ? null : ParseVersion(text);
            using var input = ConformanceLoop.StandardInput();
            using var output = Console.OpenStandardOutput();
            ConformanceLoop.Run(input, output, kubernetes);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static KubernetesVersion ParseVersion(string? text)
    {
        if (text is null) return KubernetesVersion.Latest;
        if (!KubernetesVersion.TryParse(text, out var v))
            throw new InvalidInputException($"--kubernetes-version: '{text}' is not a Kubernetes version; give one such as {KubernetesVersion.Latest}");
        if (v < KubernetesVersion.Oldest || v > KubernetesVersion.Latest)
            throw new InvalidInputException($"--kubernetes-version: Kubernetes {v} is not supported; give a version from {KubernetesVersion.Oldest} to {KubernetesVersion.Latest}");
        return v;
    }

    private static (string Name, string Path) ParseVar(string spec)
    {
        var eq = spec.IndexOf('=');
        var name = eq > 0 ? spec[..eq] : "";
        if (eq <= 0 || eq == spec.Length - 1 || !IsIdentifier(name))
            throw new InvalidInputException($"--var {spec}: expected NAME=FILE with NAME a CEL identifier, e.g. --var params=params.yaml");
        return (name, spec[(eq + 1)..]);
    }

    private static bool IsIdentifier(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    // The object as check evaluates it; a document that is not a Kubernetes object (no apiVersion and kind) as written.
    private static object BindAdmitted(string path, KubernetesVersion version)
    {
        var plain = ReadValue("object", path);
        if (plain is not Dictionary<string, object?> content || content.GetValueOrDefault("apiVersion") is not string || content.GetValueOrDefault("kind") is not string)
            return CelValue.FromPlain(plain);
        var o = new Manifests.ManifestObject(new Manifests.ManifestLocation(path, 0, 1, 1), content);
        var build = Admission.AdmissionRequestFactory.Create(o, null, Admission.RequestOptions.Default, new Kubernetes.ApiServerDecoder(version));
        if (build.Request?.Object is not { } admitted)
            throw new InvalidInputException($"{path}: the Kubernetes {version} apiserver refuses this object: {build.Invalid}; {build.Fix} (or bind it as written with --raw)");
        return CelValue.FromPlain(admitted);
    }

    private static object Bind(string name, string path)
    {
        return CelValue.FromPlain(ReadValue(name, path));
    }

    // A file, or - for standard input (as kubectl's -f -).
    private static object? ReadValue(string name, string path)
    {
        if (path == "-") return PlainYaml.Read(Console.In.ReadToEnd(), "-", $"value of '{name}'");
        if (!File.Exists(path))
            throw new InvalidInputException($"{path}: no such file (bound to '{name}'); give a YAML or JSON file, or - for standard input");
        return PlainYaml.ReadFile(path, $"value of '{name}'");
    }
}
