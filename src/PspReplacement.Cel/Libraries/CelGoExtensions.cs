using PspReplacement.Cel.Runtime;

namespace PspReplacement.Cel.Libraries;

/// <summary>
/// cel-go's extension libraries at their newest versions, for the cel-spec conformance suite: what Kubernetes offers at
/// its newest version, with strings at version 4 (cel-spec's format expectations) and the math and encoders extensions,
/// which no Kubernetes version has.
/// </summary>
public static class CelGoExtensions
{
    public static IReadOnlyList<ICelLibrary> Newest { get; } =
    [
        .. KubernetesLibraries.For(KubernetesVersion.Latest).Where(l => l.Name != "strings"),
        new StringsLibrary(4),
        new MathLibrary(),
        new EncodersLibrary(),
    ];
}
