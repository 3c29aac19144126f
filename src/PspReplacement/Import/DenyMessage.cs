using k8s.Models;

namespace PspReplacement.Import;

/// <summary>
/// The message fragment a deny fixture expects. Upstream tests say only "fail", so the fragment is what every denial
/// by the policy is sure to contain: the static message when the policy has exactly one (one validation, or several
/// sharing it, and no messageExpression that would replace it); otherwise the policy's name, which the API server's
/// denial ("ValidatingAdmissionPolicy 'NAME' with binding ... denied request: ...") always names.
/// </summary>
internal static class DenyMessage
{
    public static string Fragment(string policyName, V1ValidatingAdmissionPolicySpec spec)
    {
        var validations = spec.Validations ?? [];
        if (validations.Count > 0 && validations.All(v => v.MessageExpression is null && !string.IsNullOrWhiteSpace(v.Message)))
        {
            var messages = validations.Select(v => v.Message!.Trim()).Distinct(StringComparer.Ordinal).ToList();
            if (messages.Count == 1) return messages[0];
        }
        return policyName;
    }
}
