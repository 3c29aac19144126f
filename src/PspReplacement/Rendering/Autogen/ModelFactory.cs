using k8s.Models;

namespace PspReplacement.Rendering.Autogen;

/// <summary>Short constructors for the KubernetesClient models, which only offer property initialisers.</summary>
internal static class ModelFactory
{
    public static V1MatchCondition Condition(string name, string expression) => new() { Name = name, Expression = expression };
    public static V1Variable Variable(string name, string expression) => new() { Name = name, Expression = expression };
    public static V1AuditAnnotation AuditAnnotation(string key, string valueExpression) => new() { Key = key, ValueExpression = valueExpression };

    public static V1Validation Validation(string expression, string? message, string? messageExpression, string? reason) =>
        new() { Expression = expression, Message = message, MessageExpression = messageExpression, Reason = reason };

    public static V1LabelSelectorRequirement Requirement(string key, string op, IEnumerable<string> values) =>
        new() { Key = key, OperatorProperty = op, Values = [.. values] };
}
