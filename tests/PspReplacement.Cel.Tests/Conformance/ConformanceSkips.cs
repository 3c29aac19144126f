using System.Text.Json;

namespace PspReplacement.Cel.Tests.Conformance;

/// <summary>
/// The conformance cases this engine does not run, each with its reason. Rules name what a case needs that the
/// engine deliberately lacks (protobuf messages, a static type checker); the table lists individual cases.
/// </summary>
internal static class ConformanceSkips
{
    /// <summary>Whole files about protobuf messages, enums and well-known wrapper types, which Kubernetes CEL does not have.</summary>
    private static readonly Dictionary<string, string> Files = new()
    {
        ["proto2"] = "needs proto message cel.expr.conformance.proto2.TestAllTypes",
        ["proto3"] = "needs proto message cel.expr.conformance.proto3.TestAllTypes",
        ["proto2_ext"] = "needs proto2 extensions of cel.expr.conformance.proto2.TestAllTypes",
        ["enums"] = "needs proto enums of cel.expr.conformance TestAllTypes",
        ["block_ext"] = "cel.block/cel.index/cel.iterVar are cel-go optimizer output, not Kubernetes CEL; the parser does not take cel.iterVar(..) as a macro variable",
    };

    /// <summary>Individual cases: id (file/section/name) -> reason. None at present: every case the rules above admit passes.</summary>
    private static readonly Dictionary<string, string> Cases = new();

    private static readonly string[] ProtoNames =
    [
        "TestAllTypes", "NestedTestAllTypes", "google.protobuf.Int32Value", "google.protobuf.Int64Value", "google.protobuf.UInt32Value",
        "google.protobuf.UInt64Value", "google.protobuf.FloatValue", "google.protobuf.DoubleValue", "google.protobuf.BoolValue",
        "google.protobuf.StringValue", "google.protobuf.BytesValue", "google.protobuf.Value", "google.protobuf.Struct",
        "google.protobuf.ListValue", "google.protobuf.Any", "google.protobuf.NullValue", "google.protobuf.Empty",
        "google.protobuf.FieldMask", "cel.expr.conformance",
    ];

    private static bool OnlyTimeMessages(string json) =>
        System.Text.RegularExpressions.Regex.Matches(json, "\"@type\": ?\"([^\"]+)\"")
            .All(m => m.Groups[1].Value is "type.googleapis.com/google.protobuf.Duration" or "type.googleapis.com/google.protobuf.Timestamp");

    public static string? Reason(ConformanceCase c)
    {
        if (Files.TryGetValue(c.File, out var fileReason)) return fileReason;
        if (Cases.TryGetValue(c.Id, out var caseReason)) return caseReason;
        var o = c.Original;
        if (o.TryGetProperty("checkOnly", out var co) && co.ValueKind == JsonValueKind.True)
            return "checks static types only; this engine has no type checker";
        foreach (var name in ProtoNames)
            if (c.Expr.Contains(name, StringComparison.Ordinal)) return $"needs proto message or wrapper type {name}";
        var json = o.GetRawText();
        if (json.Contains("\"objectValue\"", StringComparison.Ordinal) && !OnlyTimeMessages(json)) return "expects or binds a proto message value";
        if (json.Contains("\"enumValue\"", StringComparison.Ordinal)) return "expects a proto enum value";
        if (System.Text.RegularExpressions.Regex.Matches(json, "\"messageType\": ?\"([^\"]+)\"")
            .Any(m => m.Groups[1].Value is not ("google.protobuf.Duration" or "google.protobuf.Timestamp"))) return "declares a variable of a proto message type";
        if (c.Container.StartsWith("google.protobuf", StringComparison.Ordinal)) return "needs protobuf well-known message types (google.protobuf.*)";
        if (c.Container.StartsWith("cel.expr.conformance", StringComparison.Ordinal) && c.Expr.Contains('{') && !c.Expr.Contains("{'") && !c.Expr.Contains("{\""))
            return "message literal in a proto container";
        return null;
    }
}
