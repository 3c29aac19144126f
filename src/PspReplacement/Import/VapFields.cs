using k8s.Models;
using PspReplacement.Yaml;

namespace PspReplacement.Import;

/// <summary>The VAP fields Kyverno's two formats share (validations, audit annotations), read the same way from both.</summary>
internal static class VapFields
{
    public static V1Validation Validation(SourceNode node) => new()
    {
        Expression = node.Text("expression") ?? "",
        Message = node.Text("message"),
        MessageExpression = node.Text("messageExpression"),
        Reason = node.Text("reason"),
    };

    public static V1AuditAnnotation AuditAnnotation(SourceNode node) => new()
    {
        Key = node.Text("key") ?? "",
        ValueExpression = node.Text("valueExpression") ?? "",
    };
}
