using PspReplacement.Cel;
using PspReplacement.Profiles;

namespace PspReplacement.Rendering;

// CONTRACT (owner: render).
public static class ClusterRenderer
{
    /// <summary>
    /// The objects render would produce for one namespace named namespaceName configured with that profile and add-backs
    /// (used by check --profile and by tests, so they evaluate exactly what render emits).
    /// </summary>
    public static RenderedCluster RenderProfile(PolicyLibrary library, ProfileLevel profile, PssVersion pssVersion,
        IReadOnlyList<string> addBacks, KubernetesVersion kubernetesVersion, string namespaceName = "default") =>
        throw new NotImplementedException("CONTRACT: ClusterRenderer.RenderProfile");
}
