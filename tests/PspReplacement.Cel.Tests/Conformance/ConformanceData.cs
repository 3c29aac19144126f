using System.Text.Json;
using PspReplacement.Cel.Runtime;

namespace PspReplacement.Cel.Tests.Conformance;

/// <summary>One case of cel-spec's conformance suite (.tools/cel-spec/conformance.json, from @bufbuild/cel-spec's testdata).</summary>
public sealed record ConformanceCase(string File, string Section, string Name, JsonElement Original)
{
    public string Id => $"{File}/{Section}/{Name}";
    public string Expr => Original.GetProperty("expr").GetString()!;
    public string Container => Original.TryGetProperty("container", out var c) ? c.GetString() ?? "" : "";
}

/// <summary>Loads the conformance data and converts its cel.expr.Value JSON to CEL values.</summary>
public static class ConformanceData
{
    private static readonly Lazy<IReadOnlyList<ConformanceCase>> Cases = new(Load);

    public static IReadOnlyList<ConformanceCase> All => Cases.Value;

    /// <summary>The repository root: the folder holding PspReplacement.sln above the test assembly.</summary>
    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PspReplacement.sln"))) dir = dir.Parent;
            // Builds with PSPR_ARTIFACTS put the assembly outside the tree; fall back to where this source file was compiled.
            dir ??= FindFrom(Path.GetDirectoryName(SourceFile())!);
            return dir?.FullName ?? throw new InvalidOperationException("PspReplacement.sln not found above " + AppContext.BaseDirectory);
        }
    }

    private static string SourceFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;

    private static DirectoryInfo? FindFrom(string start)
    {
        var dir = new DirectoryInfo(start);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PspReplacement.sln"))) dir = dir.Parent;
        return dir;
    }

    private static IReadOnlyList<ConformanceCase> Load()
    {
        var path = Path.Combine(RepositoryRoot, ".tools", "cel-spec", "conformance.json");
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var result = new List<ConformanceCase>();
        foreach (var file in doc.RootElement.GetProperty("suites").EnumerateArray())
        {
            var fileName = file.GetProperty("name").GetString()!;
            if (!file.TryGetProperty("suites", out var sections)) continue;
            foreach (var section in sections.EnumerateArray())
            {
                var sectionName = section.GetProperty("name").GetString()!;
                if (!section.TryGetProperty("tests", out var tests)) continue;
                foreach (var test in tests.EnumerateArray())
                {
                    var original = test.TryGetProperty("original", out var o) ? o : test;
                    result.Add(new ConformanceCase(fileName, sectionName, original.GetProperty("name").GetString()!, original.Clone()));
                }
            }
        }
        return result;
    }

    /// <summary>Converts a cel.expr.Value in proto JSON form; null for values this engine cannot represent (messages, enums).</summary>
    public static object? ToCel(JsonElement v)
    {
        var p = v.EnumerateObject().First();
        switch (p.Name)
        {
            case "int64Value": return long.Parse(p.Value.ToString(), System.Globalization.CultureInfo.InvariantCulture);
            case "uint64Value": return ulong.Parse(p.Value.ToString(), System.Globalization.CultureInfo.InvariantCulture);
            case "doubleValue":
                return p.Value.ValueKind == JsonValueKind.String
                    ? p.Value.GetString() switch
                    {
                        "NaN" => double.NaN,
                        "Infinity" => double.PositiveInfinity,
                        "-Infinity" => double.NegativeInfinity,
                        var s => double.Parse(s!, System.Globalization.CultureInfo.InvariantCulture),
                    }
                    : p.Value.GetDouble();
            case "stringValue": return p.Value.GetString()!;
            case "bytesValue": return new CelBytes(Convert.FromBase64String(p.Value.GetString()!));
            case "boolValue": return CelValue.Bool(p.Value.GetBoolean());
            case "nullValue": return CelNull.Value;
            case "typeValue": return new CelType(p.Value.GetString()!);
            case "listValue":
            {
                var items = new List<object>();
                if (p.Value.TryGetProperty("values", out var values))
                    foreach (var item in values.EnumerateArray())
                    {
                        var c = ToCel(item);
                        if (c is null) return null;
                        items.Add(c);
                    }
                return items.ToArray();
            }
            case "mapValue":
            {
                var entries = new List<KeyValuePair<object, object>>();
                if (p.Value.TryGetProperty("entries", out var es))
                    foreach (var e in es.EnumerateArray())
                    {
                        var k = ToCel(e.GetProperty("key"));
                        var val = ToCel(e.GetProperty("value"));
                        if (k is null || val is null) return null;
                        entries.Add(new(k, val));
                    }
                return CelMap.TryCreate(entries, out var map, out _) ? map : null;
            }
            case "objectValue":
                // Only the well-known Duration and Timestamp messages have CEL values here; other messages need protobuf.
                var type = p.Value.GetProperty("@type").GetString();
                var text = p.Value.TryGetProperty("value", out var tv) ? tv.GetString() ?? "" : "";
                return type switch
                {
                    "type.googleapis.com/google.protobuf.Duration" => TimeValues.ParseDuration(text) is CelDuration d ? d : null,
                    "type.googleapis.com/google.protobuf.Timestamp" => TimeValues.ParseTimestamp(text) is CelTimestamp t ? t : null,
                    _ => null,
                };
            default: return null;
        }
    }

    /// <summary>Exact equality for checking results: same types (1 is not 1u), NaN equals NaN, deep for lists and maps.</summary>
    public static bool SameValue(object expected, object actual)
    {
        switch (expected)
        {
            case double e: return actual is double a && (e.Equals(a));
            case IReadOnlyList<object> el when expected is not string:
                if (actual is not IReadOnlyList<object> al || actual is string || al.Count != el.Count) return false;
                for (var i = 0; i < el.Count; i++)
                    if (!SameValue(el[i], al[i])) return false;
                return true;
            case ICelMap em:
                if (actual is not ICelMap am || am.Count != em.Count) return false;
                foreach (var (k, v) in em)
                {
                    var match = am.FirstOrDefault(kv => CelValue.TypeOf(kv.Key).Equals(CelValue.TypeOf(k)) && CelValue.ValueEquals(kv.Key, k));
                    if (match.Key is null || !SameValue(v, match.Value)) return false;
                }
                return true;
            default:
                return CelValue.TypeOf(expected).Equals(CelValue.TypeOf(actual)) && CelValue.ValueEquals(expected, actual);
        }
    }
}
