namespace PspReplacement.Tests.Profiles.PsaFidelity;

public sealed class PodPatchTests
{
    private static Dictionary<string, object?> Pod() => FidelityCorpus.MinimalValidPod(PspReplacement.Profiles.Profile.Restricted);

    private static object? At(object? node, params object[] path)
    {
        foreach (var p in path) node = p is int i ? ((List<object?>)node!)[i] : ((Dictionary<string, object?>)node!).GetValueOrDefault((string)p);
        return node;
    }

    [Fact]
    public void Creates_missing_maps_on_the_way()
    {
        var pod = Pod();
        PodPatch.Set(pod, "spec.containers[0].securityContext.seLinuxOptions.type", "spc_t");
        Assert.Equal("spc_t", At(pod, "spec", "containers", 0, "securityContext", "seLinuxOptions", "type"));
        Assert.Equal(false, At(pod, "spec", "containers", 0, "securityContext", "allowPrivilegeEscalation"));
    }

    [Fact]
    public void Quoted_keys_may_hold_dots_and_slashes()
    {
        var pod = Pod();
        PodPatch.Set(pod, "metadata.annotations[\"container.apparmor.security.beta.kubernetes.io/app\"]", "unconfined");
        Assert.Equal("unconfined", At(pod, "metadata", "annotations", "container.apparmor.security.beta.kubernetes.io/app"));
    }

    [Fact]
    public void Null_removes_the_field_and_an_index_at_the_end_appends()
    {
        var pod = Pod();
        PodPatch.Set(pod, "spec.securityContext.runAsNonRoot", null);
        PodPatch.Set(pod, "spec.containers[1]", new Dictionary<string, object?> { ["name"] = "second" });
        Assert.False(((Dictionary<string, object?>)At(pod, "spec", "securityContext")!).ContainsKey("runAsNonRoot"));
        Assert.Equal("second", At(pod, "spec", "containers", 1, "name"));
    }

    [Fact]
    public void Values_are_copied_so_one_fixture_value_serves_many_pods()
    {
        var value = new Dictionary<string, object?> { ["type"] = "Unconfined" };
        var first = Pod();
        PodPatch.Set(first, "spec.securityContext.seccompProfile", value);
        ((Dictionary<string, object?>)At(first, "spec", "securityContext", "seccompProfile")!)["type"] = "changed";
        Assert.Equal("Unconfined", value["type"]);
    }

    [Theory]
    [InlineData("spec.containers[5].name")]
    [InlineData("spec.containers.name")]
    [InlineData("spec.containers[x]")]
    [InlineData("spec.")]
    [InlineData("")]
    public void Bad_paths_are_refused(string path) =>
        Assert.Throws<ArgumentException>(() => PodPatch.Set(Pod(), path, "x"));
}
