using PspReplacement.Import;
using PspReplacement.Profiles;

namespace PspReplacement.Tests.Import;

public sealed class PolicyHintsReaderTests
{
    private static PolicyHints Read(string annotations, string name = "disallow-host-path") =>
        PolicyHintsReader.Read(YamlNodes.ParseDocuments($"annotations: {annotations}", "p.yaml")[0], name, Profile.Restricted);

    [Theory]
    [InlineData("Pod Security Standards (Baseline)", Profile.Baseline)]
    [InlineData("Pod Security Standards (Restricted)", Profile.Restricted)]
    [InlineData("pod security standards (baseline) in CEL", Profile.Baseline)]
    [InlineData("Best Practices", null)]
    public void Category_names_the_profile(string category, Profile? expected) =>
        Assert.Equal(expected, PolicyHintsReader.ProfileFromCategory(category));

    [Fact]
    public void Without_a_pss_category_the_default_profile_applies() =>
        Assert.Equal(Profile.Restricted, Read("{policies.kyverno.io/category: Other}").Profile);

    [Theory]
    [InlineData("1.22-1.23", 1, 22)]
    [InlineData("1.30", 1, 30)]
    [InlineData("v1.27", 1, 27)]
    [InlineData("soon", 1, 0)]
    [InlineData(null, 1, 0)]
    public void Kubernetes_version_annotation_gives_the_first_pss_version(string? text, int major, int minor) =>
        Assert.Equal(new PssVersion(major, minor), PolicyHintsReader.MinPssVersion(text));

    [Fact]
    public void Title_description_severity_and_control_come_from_annotations()
    {
        var hints = Read("{policies.kyverno.io/title: Disallow hostPath, policies.kyverno.io/severity: medium, policies.kyverno.io/description: \"HostPath  volumes\\n let Pods use host files.\", kyverno.io/kubernetes-version: '1.25'}");
        Assert.Equal("Disallow hostPath", hints.Title);
        Assert.Equal("HostPath volumes let Pods use host files.", hints.Description);
        Assert.Equal("medium", hints.Severity);
        Assert.Equal("HostPath Volumes", hints.Control);
        Assert.Equal(new PssVersion(1, 25), hints.MinPssVersion);
        Assert.Equal("1.25", hints.Annotations["kyverno.io/kubernetes-version"]);
    }

    [Fact]
    public void A_policy_outside_the_pss_library_keeps_its_title_as_control() =>
        Assert.Equal("Require labels", Read("{policies.kyverno.io/title: Require labels}", "require-labels").Control);

    [Theory]
    [InlineData("none", new string[0])]
    [InlineData("Deployment, CronJob", new[] { "CronJob", "Deployment" })]
    [InlineData("all", null)]
    public void Autogen_annotation_lists_controllers(string value, string[]? expected)
    {
        var metadata = YamlNodes.ParseDocuments($"annotations: {{pod-policies.kyverno.io/autogen-controllers: '{value}'}}", "p.yaml")[0];
        Assert.Equal(expected, PolicyHintsReader.AutogenControllers(metadata));
    }
}
