using System.Text.Json;
using CliWrap;
using CliWrap.Buffered;

namespace PspReplacement.Cli.Tests.Commands;

/// <summary>pspr cel eval and pspr cel conformance end to end, by running the built CLI (the folder is not "Cel": that namespace would hide PspReplacement.Cel).</summary>
public class CelCommandTests
{
    private static Task<BufferedCommandResult> Pspr(string? stdin, params string[] args) => PsprProcess.Run(stdin, workingDirectory: null, args);

    private static string TempFile(string name, string content)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("pspr-cel-").FullName, name);
        File.WriteAllText(path, content);
        return path;
    }

    private const string Pod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
          labels: {app: web, tier: '1', count: 2}
        spec:
          ratio: 0.5
          containers:
          - name: app
            securityContext: {privileged: true}
          - name: side
        """;

    [Fact]
    public async Task EvalPrintsTheValueAndExits0()
    {
        var pod = TempFile("pod.yaml", Pod);
        var result = await Pspr(null, "cel", "eval", "object.spec.containers.map(c, c.name)", "--object", pod, "--raw");
        Assert.Equal(("[\"app\", \"side\"]\n", "", 0), (result.StandardOutput, result.StandardError, result.ExitCode));

        var privileged = await Pspr(null, "cel", "eval",
            "object.spec.containers.all(c, c.?securityContext.?privileged.orValue(false) == false)", "--object", pod, "--raw");
        Assert.Equal("false\n", privileged.StandardOutput);
    }

    [Fact]
    public async Task A_Kubernetes_object_is_bound_as_the_apiserver_admits_it_unless_raw()
    {
        var pod = TempFile("pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers: [{name: app, image: nginx, ports: [{containerPort: 80, hostPort: 0}]}]\n");
        var admitted = await Pspr(null, "cel", "eval", "[object.spec.containers[0].imagePullPolicy, object.metadata.namespace, string(has(object.spec.containers[0].ports[0].hostPort))]", "--object", pod);
        Assert.Equal(("[\"Always\", \"default\", \"false\"]\n", 0), (admitted.StandardOutput, admitted.ExitCode));
        var raw = await Pspr(null, "cel", "eval", "has(object.spec.containers[0].imagePullPolicy)", "--object", pod, "--raw");
        Assert.Equal("false\n", raw.StandardOutput);
        var refused = await Pspr(null, "cel", "eval", "object", "--object", TempFile("bad.yaml", Pod));
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string", refused.StandardError);
    }

    [Fact]
    public async Task YamlScalarsKeepTheirTypes()
    {
        var pod = TempFile("pod.yaml", Pod);
        var result = await Pspr(null, "cel", "eval",
            "[type(object.metadata.labels.tier), type(object.metadata.labels.count), type(object.spec.ratio), type(object.metadata.labels.app)]",
            "--object", pod, "--raw");
        Assert.Equal("[string, int, double, string]\n", result.StandardOutput);
    }

    [Fact]
    public async Task PlainScalarsResolveAsKubectlResolvesThem()
    {
        var values = TempFile("values.yaml", "flag: yes\nhex: 0x10\noctal: 010\nquoted: '010'\nbig: 18446744073709551615\nnothing: ~\nwhen: 2024-01-01\n");
        var result = await Pspr(null, "cel", "eval", "[v.flag, v.hex, v.octal, v.quoted, v.big, v.nothing, v.when]", "--var", $"v={values}");
        // An integer beyond int64 is a float64 in kubectl's object (sigs.k8s.io/yaml passes it through JSON).
        Assert.Equal("[true, 16, 8, \"010\", 1.8446744073709552e+19, null, \"2024-01-01\"]\n", result.StandardOutput);
    }

    [Fact]
    public async Task VariablesBindJsonAndYamlFiles()
    {
        var limits = TempFile("limits.json", """{"max": 3, "names": ["a", "b"]}""");
        var result = await Pspr(null, "cel", "eval", "params.max + size(params.names) + size(extra)",
            "--var", $"params={limits}", "--var", $"extra={TempFile("extra.yaml", "[1, 2]")}");
        Assert.Equal(("7\n", 0), (result.StandardOutput, result.ExitCode));
    }

    [Fact]
    public async Task EvaluationErrorsExit1()
    {
        var result = await Pspr(null, "cel", "eval", "1 / 0");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.StandardOutput);
        // A caret under the operator that failed, as compile errors have.
        Assert.Equal("evaluation error: <input>:1:3: division by zero\n | 1 / 0\n | ..^\n", result.StandardError);
    }

    [Fact]
    public async Task CompileErrorsExit2WithACaretUnderTheColumn()
    {
        var result = await Pspr(null, "cel", "eval", "1 +");
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("ERROR: <input>:1:4: Syntax error: mismatched input '<EOF>' expecting", result.StandardError);
        Assert.EndsWith("\n | 1 +\n | ...^\n", result.StandardError);

        var undeclared = await Pspr(null, "cel", "eval", "objct.spec", "--object", TempFile("pod.yaml", Pod), "--raw");
        Assert.Equal(2, undeclared.ExitCode);
        Assert.Contains("objct", undeclared.StandardError);
        Assert.DoesNotContain("   at ", undeclared.StandardError);
    }

    [Theory]
    [InlineData("--kubernetes-version", "1.99", "Kubernetes 1.99 is not supported")]
    [InlineData("--kubernetes-version", "one", "'one' is not a Kubernetes version")]
    [InlineData("--var", "1x=file.yaml", "expected NAME=FILE")]
    [InlineData("--var", "x=/no/such/file.yaml", "/no/such/file.yaml: no such file")]
    public async Task BadOptionsExit2WithAClearMessage(string option, string value, string message)
    {
        var result = await Pspr(null, "cel", "eval", "1", option, value);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.StandardError);
        Assert.DoesNotContain("   at ", result.StandardError);
    }

    [Fact]
    public async Task InvalidYamlNamesFileLineAndColumn()
    {
        var bad = TempFile("bad.yaml", "a: 1\nb: [\n");
        var result = await Pspr(null, "cel", "eval", "x", "--var", $"x={bad}");
        Assert.Equal(2, result.ExitCode);
        // An unclosed collection is reported right after its last character, not on the line after the file.
        Assert.StartsWith($"{bad}:2:5: the value of 'x' is not valid YAML or JSON", result.StandardError);
    }

    [Fact]
    public async Task OlderKubernetesVersionsLackNewerLibraries()
    {
        // The optional library is not in Kubernetes 1.27 and is in 1.29.
        var newer = await Pspr(null, "cel", "eval", "optional.of(1).orValue(2)", "--kubernetes-version", "1.29");
        Assert.Equal(("1\n", 0), (newer.StandardOutput, newer.ExitCode));
        var older = await Pspr(null, "cel", "eval", "optional.of(1).orValue(2)", "--kubernetes-version", "1.27");
        Assert.Equal(2, older.ExitCode);
    }

    [Fact]
    public async Task Conformance_uses_cel_specs_environment_unless_a_Kubernetes_version_is_given()
    {
        // cel-spec allows mixed-type literals and has the math extension; a Kubernetes apiserver has neither.
        const string input = "{\"expr\": \"{1: 'a', 'b': 2}.size() + math.greatest(1, 5)\"}\n";
        var spec = await Pspr(input, "cel", "conformance");
        Assert.Equal("""{"value":{"int64Value":"7"}}""", spec.StandardOutput.Trim());
        var kubernetes = await Pspr(input, "cel", "conformance", "--kubernetes-version", "1.31");
        Assert.StartsWith("""{"error":"ERROR: <input>:1:10: expected type 'int' but found 'string'""", kubernetes.StandardOutput.Trim());
        Assert.Contains("undeclared reference to 'greatest'", kubernetes.StandardOutput);
        Assert.Equal(0, kubernetes.ExitCode);
    }

    [Fact]
    public async Task ConformanceAnswersEveryLineInOrder()
    {
        var input = string.Join("\n",
            """{"expr": "1 + 2"}""",
            """{"expr": "x * 2u", "bindings": {"x": {"uint64Value": "21"}}}""",
            "not json",
            """{"expr": "1 / 0"}""",
            """{"expr": "1 +"}""",
            """{"expr": "x", "bindings": {"x": {"value": {"listValue": {"values": [{"doubleValue": "Infinity"}, {"bytesValue": "/w=="}, {"boolValue": true}, {"nullValue": null}, {"stringValue": "é"}]}}}}}""",
            """{"expr": "{'k': [1.5, -0.25]}"}""",
            """{"expr": "type(1)"}""",
            """{"expr": "m.k", "bindings": {"m": {"mapValue": {"entries": [{"key": {"stringValue": "k"}, "value": {"int64Value": 5}}]}}}}""",
            """{"expr": "duration('90m')"}""",
            """{"expr": "optional.of(1)"}""") + "\n";
        var result = await Pspr(input, "cel", "conformance");
        Assert.Equal(0, result.ExitCode);
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(11, lines.Length);
        Assert.Equal("""{"value":{"int64Value":"3"}}""", lines[0]);
        Assert.Equal("""{"value":{"uint64Value":"42"}}""", lines[1]);
        Assert.StartsWith("""{"error":"line 3: invalid request: """, lines[2]);
        Assert.Equal("""{"error":"division by zero"}""", lines[3]);
        Assert.StartsWith("ERROR: <input>:1:4: Syntax error: mismatched input '<EOF>'", ErrorOf(lines[4]));
        Assert.Equal("""{"value":{"listValue":{"values":[{"doubleValue":"Infinity"},{"bytesValue":"/w=="},{"boolValue":true},{"nullValue":null},{"stringValue":"é"}]}}}""", lines[5]);
        Assert.Equal("""{"value":{"mapValue":{"entries":[{"key":{"stringValue":"k"},"value":{"listValue":{"values":[{"doubleValue":1.5},{"doubleValue":-0.25}]}}}]}}}""", lines[6]);
        Assert.Equal("""{"value":{"typeValue":"int"}}""", lines[7]);
        Assert.Equal("""{"value":{"int64Value":"5"}}""", lines[8]);
        Assert.Equal("""{"value":{"objectValue":{"@type":"type.googleapis.com/google.protobuf.Duration","value":"5400s"}}}""", lines[9]);
        Assert.StartsWith("a value of type optional_type has no cel.expr.Value form", ErrorOf(lines[10]));
    }

    [Fact]
    public async Task The_object_can_come_from_standard_input_as_kubectl_reads_dash()
    {
        // Decoded and defaulted as check does: a tagged image gets imagePullPolicy IfNotPresent (":latest" would get Always).
        var result = await Pspr("apiVersion: v1\nkind: Pod\nmetadata: {name: piped}\nspec: {containers: [{name: a, image: 'b:1.0'}]}\n",
            "cel", "eval", "object.metadata.name + ' ' + object.spec.containers[0].imagePullPolicy", "--object", "-");
        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Equal("\"piped IfNotPresent\"\n", result.StandardOutput);
    }

    private static string ErrorOf(string line) => JsonDocument.Parse(line).RootElement.GetProperty("error").GetString()!;
}
