using PspReplacement.Cel.Runtime;

namespace PspReplacement.Cel.Libraries;

// CONTRACT (owner: CEL libraries). The runtime's CelEnvironment asks this table which extension libraries a version has.
public static class KubernetesLibraries
{
    /// <summary>Every extension library with the first Kubernetes version whose apiserver offers it.</summary>
    public static IReadOnlyList<(ICelLibrary Library, KubernetesVersion Since)> All { get; } = [];

    public static IEnumerable<ICelLibrary> For(KubernetesVersion version) =>
        All.Where(l => l.Since <= version).Select(l => l.Library);
}
