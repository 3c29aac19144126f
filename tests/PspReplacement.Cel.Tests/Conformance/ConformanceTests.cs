using System.Text;
using System.Text.Json;
using PspReplacement.Cel.Libraries;
using PspReplacement.Cel.Runtime;
using Xunit.Abstractions;

namespace PspReplacement.Cel.Tests.Conformance;

/// <summary>
/// Runs cel-spec's conformance suite: one test per file, asserting that every case passes except those
/// <see cref="ConformanceSkips"/> lists with a reason. Pass counts go to the output and artifacts/conformance-summary.txt.
/// </summary>
public sealed class ConformanceTests(ITestOutputHelper output)
{
    public static readonly string[] Files =
    [
        "basic", "bindings_ext", "block_ext", "comparisons", "conversions", "dynamic", "encoders_ext", "enums", "fields",
        "fp_math", "integer_math", "lists", "logic", "macros", "macros2", "math_ext", "namespace", "optionals", "parse",
        "plumbing", "proto2", "proto2_ext", "proto3", "string", "string_ext", "timestamps", "type_deductions",
    ];

    /// <summary>The files with at least one case this engine runs: a row whose every case is skipped could not fail.</summary>
    public static TheoryData<string> FileNames => new(Files.Where(f => ConformanceData.All.Any(c => c.File == f && ConformanceSkips.Reason(c) is null)));

    /// <summary>
    /// The files left out of the rows above, every case skipped: protobuf messages and enums (Kubernetes CEL has none)
    /// and cel-go's optimizer output. A new runnable case in one of them, or a file newly skipped whole, fails here.
    /// </summary>
    [Fact]
    public void Only_the_proto_and_optimizer_files_are_skipped_whole()
    {
        var skippedWhole = Files.Where(f => ConformanceData.All.Where(c => c.File == f).All(c => ConformanceSkips.Reason(c) is not null));
        Assert.Equal(["block_ext", "dynamic", "enums", "proto2", "proto2_ext", "proto3"], skippedWhole);
    }

    private static readonly Lazy<IReadOnlyList<ICelLibrary>> Libraries = new(() =>
    {
        // Every library this engine has, at cel-go's newest versions (strings 4, math, encoders), which the data describes
        // (the same set as CelEnvironment.Conformance, which pspr cel conformance uses; here with each case's container).
        return [StandardLibrary.Instance, TimeLibrary.Instance, OptionalLibrary.Instance, .. CelGoExtensions.Newest];
    });

    [Theory]
    [MemberData(nameof(FileNames))]
    public void File_passes_except_listed_skips(string file)
    {
        var cases = ConformanceData.All.Where(c => c.File == file).ToList();
        Assert.NotEmpty(cases);
        var failures = new List<string>();
        int passed = 0, skipped = 0;
        var skips = new List<string>();
        foreach (var c in cases)
        {
            var skip = ConformanceSkips.Reason(c);
            if (skip is not null)
            {
                skipped++;
                skips.Add($"{c.Id}: {skip}");
                continue;
            }
            var problem = Run(c);
            if (problem is null) passed++;
            else failures.Add($"{c.Id}: {c.Expr}\n    {problem}");
        }
        var line = $"{file}: {passed} passed, {failures.Count} failed, {skipped} skipped of {cases.Count}";
        output.WriteLine(line);
        ConformanceSummary.Record(file, line, skips);
        foreach (var f in failures) output.WriteLine(f);
        Assert.True(failures.Count == 0, $"{line}\n{string.Join("\n", failures)}");
        Assert.True(passed > 0, $"{line}: no case ran");
    }

    /// <summary>Null when the case passes, otherwise what went wrong.</summary>
    internal static string? Run(ConformanceCase c)
    {
        var o = c.Original;
        var bindings = new Dictionary<string, object>();
        if (o.TryGetProperty("bindings", out var bs))
            foreach (var b in bs.EnumerateObject())
                bindings[b.Name] = ConformanceData.ToCel(b.Value.GetProperty("value")) ?? throw new InvalidOperationException("unsupported binding in " + c.Id);
        var unchecked_ = o.TryGetProperty("disableCheck", out var dc) && dc.ValueKind == JsonValueKind.True;
        var env = CelEnvironment.Custom(Libraries.Value, variables: null, container: c.Container, uncheckedFunctions: unchecked_);
        var expectError = o.TryGetProperty("evalError", out _);
        object? expected = null;
        if (o.TryGetProperty("value", out var v)) expected = ConformanceData.ToCel(v);
        else if (o.TryGetProperty("typedResult", out var tr) && tr.TryGetProperty("result", out var r)) expected = ConformanceData.ToCel(r);
        else if (!expectError) expected = CelValue.True; // cel-spec: no expectation means the result is true

        CelProgram program;
        try
        {
            program = env.Compile(c.Expr);
        }
        catch (CelCompileException e)
        {
            return expectError ? null : "compile error: " + e.Message;
        }
        var result = program.Evaluate(new MapActivation(bindings));
        if (expectError)
            return result is CelError ? null : "expected an error, got " + CelValue.Format(result);
        if (result is CelError err) return "error: " + err.Message;
        if (expected is null) return "expected value not representable";
        return ConformanceData.SameValue(expected, result) ? null : $"expected {CelValue.Format(expected)}, got {CelValue.Format(result)}";
    }
}

/// <summary>Writes the per-file pass counts to artifacts/conformance-summary.txt (sorted, so the file is stable).</summary>
internal static class ConformanceSummary
{
    private static readonly SortedDictionary<string, string> Lines = new(StringComparer.Ordinal);
    private static readonly SortedDictionary<string, List<string>> Skips = new(StringComparer.Ordinal);

    public static void Record(string file, string line, List<string> skips)
    {
        lock (Lines)
        {
            Lines[file] = line;
            Skips[file] = skips;
            var dir = Path.Combine(ConformanceData.RepositoryRoot, "artifacts");
            Directory.CreateDirectory(dir);
            var text = new StringBuilder();
            foreach (var l in Lines.Values) text.Append(l).Append('\n');
            File.WriteAllText(Path.Combine(dir, "conformance-summary.txt"), text.ToString());
            var skipText = new StringBuilder();
            foreach (var l in Skips.Values.SelectMany(x => x)) skipText.Append(l).Append('\n');
            File.WriteAllText(Path.Combine(dir, "conformance-skips.txt"), skipText.ToString());
        }
    }
}
