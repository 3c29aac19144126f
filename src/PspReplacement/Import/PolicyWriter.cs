using System.Globalization;
using System.Text.Json;
using k8s;
using k8s.Models;
using PspReplacement.Profiles;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PspReplacement.Import;

/// <summary>
/// Writes policy.yaml and tests.yaml in the library format (docs/design.md). Output is deterministic: a fixed key
/// order for the format's own fields, source order inside fixture objects, LF line endings, no timestamps.
/// </summary>
public static class PolicyWriter
{
    /// <summary>Fields beyond the core format that an imported policy carries (the loader accepts and ignores them).</summary>
    /// <param name="Severity">Upstream's severity (low, medium, high), for reports.</param>
    /// <param name="AutogenControllers">The pod controllers the autogen should cover; null means render's default, empty means none.</param>
    /// <param name="ImportedFrom">Where the policy came from (file, kind, policy, rule, upstream annotations), for reviewers.</param>
    public sealed record Extras(string? Severity, IReadOnlyList<string>? AutogenControllers, IReadOnlyList<KeyValuePair<string, object?>>? ImportedFrom);

    /// <summary>One fixture of tests.yaml. Objects are plain data (dictionaries, lists, strings, numbers, booleans).</summary>
    public sealed record TestCase(
        string Name,
        string Expect,
        string? Message,
        object? Object,
        string? Operation = null,
        object? OldObject = null,
        string? SubResource = null,
        PssVersion? MinVersion = null,
        PssVersion? MaxVersion = null,
        IReadOnlyList<string>? Policies = null);

    public static string WritePolicy(PolicyDefinition policy, Extras? extras = null)
    {
        var doc = new List<KeyValuePair<string, object?>>
        {
            new("name", policy.Name),
            new("profile", policy.ProfileName),
            new("control", policy.Control),
            new("title", policy.Title),
            new("description", policy.Description),
        };
        if (extras?.Severity is { } severity) doc.Add(new("severity", severity));
        if (policy.ValidationActions is { } actions) doc.Add(new("validationActions", actions.Cast<object?>().ToList()));
        if (extras?.AutogenControllers is { } controllers) doc.Add(new("autogenControllers", controllers.Cast<object?>().ToList()));
        if (extras?.ImportedFrom is { Count: > 0 } from) doc.Add(new("importedFrom", from.ToList()));
        doc.Add(new("variants", policy.Variants.Select(v => (object?)new List<KeyValuePair<string, object?>>
        {
            new("pssVersions", Versions(v.MinVersion, v.MaxVersion)),
            new("spec", SpecToPlain(v.Spec)),
        }).ToList()));
        return Emit(doc);
    }

    public static string WriteTests(IReadOnlyList<TestCase> cases)
    {
        var list = cases.Select(c =>
        {
            var item = new List<KeyValuePair<string, object?>> { new("name", c.Name), new("expect", c.Expect) };
            if (c.Message is not null) item.Add(new("message", c.Message));
            if (c.Policies is { Count: > 0 } policies) item.Add(new("policies", policies.Cast<object?>().ToList()));
            if (c.MinVersion is not null) item.Add(new("pssVersions", Versions(c.MinVersion.Value, c.MaxVersion)));
            if (c.Operation is not null) item.Add(new("operation", c.Operation));
            if (c.SubResource is not null) item.Add(new("subResource", c.SubResource));
            item.Add(new("object", c.Object));
            if (c.OldObject is not null) item.Add(new("oldObject", c.OldObject));
            return (object?)item;
        }).ToList();
        return Emit(new List<KeyValuePair<string, object?>> { new("cases", list) });
    }

    private static List<KeyValuePair<string, object?>> Versions(PssVersion min, PssVersion? max)
    {
        var versions = new List<KeyValuePair<string, object?>> { new("min", min.ToString()) };
        if (max is not null) versions.Add(new("max", max.Value.ToString()));
        return versions;
    }

    // The spec's fields in the order a reader follows a VAP: when it applies, what it computes, what it checks.
    private static readonly string[] SpecOrder =
        ["failurePolicy", "paramKind", "matchConstraints", "matchConditions", "variables", "validations", "auditAnnotations"];

    /// <summary>The spec as plain data in the Kubernetes JSON shape (camelCase names, nulls left out).</summary>
    internal static List<KeyValuePair<string, object?>> SpecToPlain(V1ValidatingAdmissionPolicySpec spec)
    {
        using var json = JsonDocument.Parse(KubernetesJson.Serialize(spec));
        var plain = (List<KeyValuePair<string, object?>>)FromJson(json.RootElement)!;
        return plain.OrderBy(kv => Array.IndexOf(SpecOrder, kv.Key) is var i and >= 0 ? i : SpecOrder.Length)
            .ThenBy(kv => kv.Key, StringComparer.Ordinal).ToList();
    }

    // A list item reads best when it starts with what identifies it (a variable's name, an annotation's key).
    private static readonly string[] LeadingKeys = ["name", "key"];

    private static object? FromJson(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().Where(p => p.Value.ValueKind != JsonValueKind.Null)
            .Select(p => new KeyValuePair<string, object?>(p.Name, FromJson(p.Value)))
            .OrderBy(kv => Array.IndexOf(LeadingKeys, kv.Key) is var i and >= 0 ? i : LeadingKeys.Length).ToList(),
        JsonValueKind.Array => e.EnumerateArray().Select(FromJson).ToList(),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.TryGetInt64(out var l) ? l : e.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    /// <summary>Emits plain data (ordered key lists or dictionaries, lists, scalars) as one YAML document with LF endings.</summary>
    internal static string Emit(object? root)
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var emitter = new Emitter(writer, new EmitterSettings(bestIndent: 2, bestWidth: int.MaxValue, isCanonical: false, maxSimpleKeyLength: 1024, indentSequences: true));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        EmitNode(emitter, root);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return writer.ToString().Replace("\r\n", "\n");
    }

    private static void EmitNode(IEmitter emitter, object? value)
    {
        switch (value)
        {
            case null: emitter.Emit(new Scalar(null, null, "null", ScalarStyle.Plain, true, false)); break;
            case string s: EmitString(emitter, s); break;
            case bool b: emitter.Emit(new Scalar(null, null, b ? "true" : "false", ScalarStyle.Plain, true, false)); break;
            case long or int or ulong: emitter.Emit(new Scalar(null, null, Convert.ToString(value, CultureInfo.InvariantCulture)!, ScalarStyle.Plain, true, false)); break;
            case double d: emitter.Emit(new Scalar(null, null, FormatDouble(d), ScalarStyle.Plain, true, false)); break;
            case IEnumerable<KeyValuePair<string, object?>> map: EmitMap(emitter, map.ToList()); break;
            case System.Collections.IEnumerable list:
                var items = list.Cast<object?>().ToList();
                emitter.Emit(new SequenceStart(null, null, true, items.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in items) EmitNode(emitter, item);
                emitter.Emit(new SequenceEnd());
                break;
            default: EmitString(emitter, Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""); break;
        }
    }

    private static void EmitMap(IEmitter emitter, List<KeyValuePair<string, object?>> entries)
    {
        emitter.Emit(new MappingStart(null, null, true, entries.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
        foreach (var (key, v) in entries)
        {
            EmitString(emitter, key, isKey: true);
            EmitNode(emitter, v);
        }
        emitter.Emit(new MappingEnd());
    }

    private static void EmitString(IEmitter emitter, string s, bool isKey = false)
    {
        // Multi-line text (CEL expressions, descriptions) reads best as a literal block; strings that would read back
        // as another type (true, 1.30, null) must be quoted.
        var style = !isKey && IsLiteralSafe(s) ? ScalarStyle.Literal
            : s.Any(char.IsControl) ? ScalarStyle.DoubleQuoted
            : YamlNodes.NeedsQuotes(s) || !EmitsAsItself(s) ? ScalarStyle.SingleQuoted
            : ScalarStyle.Any;
        emitter.Emit(new Scalar(null, null, s, style, style == ScalarStyle.Any, true));
    }

    /// <summary>
    /// Whether the emitter's own choice of style for the string reads back as the same string, in value and in key
    /// position. Its plain-scalar analysis misses corners (". *" reads back as something else), so the choice is checked.
    /// </summary>
    private static bool EmitsAsItself(string s) => PlainChecks.GetOrAdd(s, CheckEmitsAsItself);

    // Keys and values repeat across fixtures (apiVersion, containers, names); each string is checked once per process.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> PlainChecks = new(StringComparer.Ordinal);

    private static bool CheckEmitsAsItself(string s)
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var emitter = new Emitter(writer, new EmitterSettings(bestIndent: 2, bestWidth: int.MaxValue, isCanonical: false, maxSimpleKeyLength: 1024, indentSequences: true));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        emitter.Emit(new MappingStart(null, null, true, MappingStyle.Block));
        foreach (var _ in new[] { 0, 1 }) emitter.Emit(new Scalar(null, null, s, ScalarStyle.Any, true, true));
        emitter.Emit(new MappingEnd());
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        try
        {
            var docs = YamlNodes.ParseDocuments(writer.ToString(), "check");
            return docs.Count == 1 && YamlNodes.ToPlain(docs[0]) is Dictionary<string, object?> { Count: 1 } map
                && map.TryGetValue(s, out var value) && value is string v && v == s;
        }
        catch (InvalidInputException) { return false; }
    }

    // A literal block keeps text verbatim only when its first line is not indented, no line ends in blanks, and it holds
    // no tabs or carriage returns; anything else is quoted with escapes.
    private static bool IsLiteralSafe(string s) =>
        s.Contains('\n') && s.Trim().Length > 0 && s[0] is not (' ' or '\n') &&
        !s.Contains('\t') && !s.Contains('\r') && !s.Split('\n').Any(l => l.EndsWith(' '));

    private static string FormatDouble(double d) =>
        double.IsPositiveInfinity(d) ? ".inf" : double.IsNegativeInfinity(d) ? "-.inf" : double.IsNaN(d) ? ".nan"
        : d == Math.Floor(d) && Math.Abs(d) < 1e15 ? d.ToString("0.0", CultureInfo.InvariantCulture)
        : d.ToString("R", CultureInfo.InvariantCulture);
}
