using PspReplacement.Profiles;
using PspReplacement.Rendering;
using PspReplacement.Tests.Profiles.Pss;

namespace PspReplacement.Tests.Rendering;

public class PolicyReferencePageTests
{
    [Fact]
    public void The_committed_page_is_the_rendered_one()
    {
        var path = Path.Combine(PssLibrary.Root, PolicyReferencePage.RelativePath);
        // Until pspr render writes the page: PSPR_WRITE_POLICY_PAGE=1 dotnet test --filter PolicyReferencePage refreshes it.
        if (Environment.GetEnvironmentVariable("PSPR_WRITE_POLICY_PAGE") == "1") File.WriteAllText(path, PolicyReferencePage.Render(PssLibrary.Library));
        var committed = File.ReadAllText(path);
        Assert.Equal(PolicyReferencePage.Render(PssLibrary.Library), committed);
    }

    [Fact]
    public void Every_policy_and_add_back_is_on_the_page_with_its_versions_and_labels()
    {
        var page = PolicyReferencePage.Render(PssLibrary.Library);
        foreach (var p in PssLibrary.Library.Policies)
        {
            Assert.Contains($"### {p.Name}\n", page);
            if (!p.IsAddBack) Assert.Contains($"`pod-security.wmf.org/{p.Name}: exclude`", page);
            else Assert.Contains($"`pod-security.wmf.org/{p.Name}: include`", page);
        }
        foreach (var a in PssLibrary.Library.AddBacks)
        {
            Assert.Contains($"### {a.Name}\n", page);
            foreach (var r in a.Replaces) Assert.Contains($"| [`{r.Policy}`](#{r.Policy}) | [`{r.With}`](#{r.With}) |", page);
        }
        Assert.Contains("| [`sysctls`](#sysctls) | Sysctls | v1.0+ |", page);
        Assert.Contains("- v1.27–v1.28\n", page);
        Assert.Contains("| [`host-probes-lifecycle`](#host-probes-lifecycle) | Host Probes / Lifecycle Hooks | v1.34+ |", page);
    }

    [Fact]
    public void Rendering_is_deterministic_whatever_the_input_order_and_uses_lf()
    {
        var library = PssLibrary.Library;
        var page = PolicyReferencePage.Render(library);
        var reversed = new PolicyLibrary(library.Policies.Reverse().ToList(), library.AddBacks.Reverse().ToList());
        Assert.Equal(page, PolicyReferencePage.Render(reversed));
        Assert.DoesNotContain("\r", page);
        Assert.EndsWith("\n", page);
        Assert.DoesNotContain("\n\n\n", page);
    }
}
