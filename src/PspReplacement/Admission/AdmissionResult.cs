using System.Diagnostics;
using PspReplacement.Kubernetes;

namespace PspReplacement.Admission;

/// <summary>
/// The outcome of admitting one manifest: the verdict, or why the apiserver refuses the object before admission
/// (Invalid, with the field path it concerns); the apiserver's warnings on the body; the namespace it was admitted in.
/// </summary>
public sealed record AdmissionResult(AdmissionVerdict? Verdict, string? Invalid, string? InvalidPath, IReadOnlyList<string> Warnings, string Namespace)
{
    /// <summary>What to do about an invalid object.</summary>
    public string Fix { get; init; } = "";
}
