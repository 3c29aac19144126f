
namespace PspReplacement.Admission;

/// <summary>The apiserver's wording.</summary>
public static class AdmissionMessages
{
    public static string Denied(string policy, string? binding, string message) => binding is null
        ? $"ValidatingAdmissionPolicy '{policy}' denied request: {message}"
        : $"ValidatingAdmissionPolicy '{policy}' with binding '{binding}' denied request: {message}";

    public static string Warning(string policy, string binding, string message) =>
        $"Validation failed for ValidatingAdmissionPolicy '{policy}' with binding '{binding}': {message}";

    public static string EvaluationError(string expression, string error) => $"expression '{expression}' resulted in error: {error}";

    public static string FailedExpression(string expression) => $"failed expression: {expression.Trim()}";

    public const string ValidationFailureAnnotation = "validation.policy.admission.k8s.io/validation_failure";
}
