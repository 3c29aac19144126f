using System.Text.Json;
using PspReplacement.Cel.Libraries;
using PspReplacement.Cel.Runtime;
using PspReplacement.Cel.Tests.Conformance;

namespace PspReplacement.Cel.Tests.Libraries;

/// <summary>
/// cel-spec's extension files (string_ext, math_ext, encoders_ext) against <see cref="CelGoExtensions.Newest"/>:
/// the libraries at cel-go's newest versions, which is what those files describe.
/// </summary>
public class CelGoExtensionConformanceTests
{
    private static readonly Lazy<IReadOnlyList<ICelLibrary>> Libraries = new(() =>
        [StandardLibrary.Instance, TimeLibrary.Instance, OptionalLibrary.Instance, .. CelGoExtensions.Newest]);

    [Theory]
    [InlineData("string_ext")]
    [InlineData("math_ext")]
    [InlineData("encoders_ext")]
    public void File_passes(string file)
    {
        var cases = ConformanceData.All.Where(c => c.File == file).ToList();
        Assert.NotEmpty(cases);
        var failures = new List<string>();
        foreach (var c in cases)
        {
            // Cases needing protobuf messages cannot run here; the reasons are the shared skip rules (not the file-level ones).
            if (c.Expr.Contains("cel.expr.conformance", StringComparison.Ordinal)) continue;
            var problem = Run(c);
            if (problem is not null) failures.Add($"{c.Id}: {c.Expr}\n    {problem}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static string? Run(ConformanceCase c)
    {
        var o = c.Original;
        var bindings = new Dictionary<string, object>();
        if (o.TryGetProperty("bindings", out var bs))
            foreach (var b in bs.EnumerateObject())
                bindings[b.Name] = ConformanceData.ToCel(b.Value.GetProperty("value"))!;
        var env = CelEnvironment.Custom(Libraries.Value, variables: null, container: c.Container);
        var expectError = o.TryGetProperty("evalError", out var expectedError);
        object? expected = o.TryGetProperty("value", out var v) ? ConformanceData.ToCel(v) : expectError ? null : CelValue.True;
        CelProgram program;
        try { program = env.Compile(c.Expr); }
        catch (CelCompileException e) { return expectError ? null : "compile error: " + e.Message; }
        var result = program.Evaluate(new MapActivation(bindings));
        if (expectError)
        {
            if (result is not CelError err) return "expected an error, got " + CelValue.Format(result);
            var message = expectedError.GetProperty("errors")[0].GetProperty("message").GetString()!;
            return err.Message.Contains(message, StringComparison.Ordinal) ? null : $"expected error containing '{message}', got '{err.Message}'";
        }
        if (result is CelError e2) return "error: " + e2.Message;
        return ConformanceData.SameValue(expected!, result) ? null : $"expected {CelValue.Format(expected!)}, got {CelValue.Format(result)}";
    }
}
