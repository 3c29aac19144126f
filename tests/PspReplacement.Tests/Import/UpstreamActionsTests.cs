using PspReplacement.Config;
using PspReplacement.Import;
using PspReplacement.Profiles;
using PspReplacement.Rendering;
using PspReplacement.Tests.Rendering;

namespace PspReplacement.Tests.Import;

/// <summary>An upstream Audit policy is imported audit-only, not silently turned into Deny; values still decide in the end.</summary>
public sealed class UpstreamActionsTests : IDisposable
{
    private readonly string output = ImportSamples.NewOutputFolder();

    public void Dispose() => Directory.Delete(output, recursive: true);

    [Theory]
    [InlineData("Audit", new[] { "Audit" })]
    [InlineData("audit", new[] { "Audit" })]
    [InlineData("Enforce", null)]
    [InlineData("Deny", null)]
    [InlineData("Warn, Audit", new[] { "Warn", "Audit" })]
    [InlineData("Audit, Nonsense", null)]
    public void Kyverno_enforcement_becomes_the_policys_own_actions(string action, string[]? expected) =>
        Assert.Equal(expected, KyvernoImporter.UpstreamActions(action));

    [Fact]
    public void An_audit_cluster_policy_is_written_and_rendered_audit_only_until_values_say_otherwise()
    {
        ImportSamples.Import(output, false, ImportSamples.Path_("cluster-policy", "disallow-privileged-containers"));
        var policyFile = Directory.EnumerateFiles(output, "policy.yaml", SearchOption.AllDirectories).Single();
        Assert.Contains("\nvalidationActions:\n  - Audit\n", File.ReadAllText(policyFile));

        using var repo = new RenderTestRepo().WriteValues("c1.yaml", "name: c1\nkubernetesVersion: \"1.31\"\n");
        var library = PolicyLibraryLoader.Load(output);
        var imported = library.Policies.Single();
        var rendered = ClusterRenderer.Render(ValuesLoader.Load(repo.Values).Single(), library);
        Assert.All(rendered.Bindings, b => Assert.Equal(["Audit"], b.Spec.ValidationActions));

        repo.WriteValues("c1.yaml", $"name: c1\nkubernetesVersion: \"1.31\"\npolicies:\n  {imported.Name}: {{validationActions: [Deny, Audit]}}\n");
        var enforced = ClusterRenderer.Render(ValuesLoader.Load(repo.Values, null).Single(), library);
        Assert.Contains(enforced.Bindings, b => b.Spec.ValidationActions.SequenceEqual(["Deny", "Audit"]));
    }
}
