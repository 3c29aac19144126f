using System.Text;
using PspReplacement.Config;
using PspReplacement.Profiles;

namespace PspReplacement.Rendering;

/// <summary>
/// docs/policies.md: the reference page of the policy library, rendered from profiles/ so it cannot drift from the
/// policies (render writes it and its drift check compares it). Deterministic: sorted by name whatever the input order, LF.
/// </summary>
public static class PolicyReferencePage
{
    public const string RelativePath = "docs/policies.md";

    public static string Render(PolicyLibrary library)
    {
        library = new PolicyLibrary(
            library.Policies.OrderBy(p => p.Name, StringComparer.Ordinal).ToList(),
            library.AddBacks.OrderBy(a => a.Name, StringComparer.Ordinal).ToList());
        var prefix = ClusterConfig.DefaultLabelPrefix;
        var page = new StringBuilder();
        page.Append("# Policy reference\n\n");
        page.Append("<!-- Generated from profiles/ by PolicyReferencePage.Render; do not edit by hand. -->\n\n");
        page.Append("Every Pod Security Standards control is one ValidatingAdmissionPolicy, named after the control. A namespace\n");
        page.Append($"labelled `{prefix}/profile: baseline` gets the baseline policies; `restricted` gets the baseline and the\n");
        page.Append("restricted policies. Each policy holds the rule as it stood in each PSS version (`v1.NN`, as PSA names them);\n");
        page.Append("the cluster's PSS version, or the namespace's pinned one, selects the rule. A namespace opts out of one policy\n");
        page.Append($"with the label `{prefix}/<policy>: exclude`. Labels are shown with the default prefix `{prefix}`.\n\n");
        page.Append("Where a restricted policy is stricter than the baseline one for the same control (capabilities, seccomp,\n");
        page.Append("volume types, /proc mount type), a restricted namespace evaluates both, and a pod must pass both.\n\n");
        page.Append("Known differences from Pod Security Admission (PSA):\n\n");
        page.Append("- PSA's restricted checks for capabilities and seccomp replace the baseline ones and exempt Windows pods from\n");
        page.Append("  v1.25; here the baseline policies still apply in restricted namespaces, so a Windows pod there must also meet\n");
        page.Append("  the baseline capabilities and seccomp rules.\n");
        page.Append("- Seccomp before PSS v1.19 (annotations) is not covered; clusters pin v1.26 or newer.\n\n");

        foreach (var (profile, heading) in new[] { (Profile.Baseline, "Baseline"), (Profile.Restricted, "Restricted") })
        {
            var policies = library.Policies.Where(p => p.Profile == profile).ToList();
            page.Append($"## {heading}\n\n");
            page.Append("| Policy | Control | PSS versions | Opt-out label |\n");
            page.Append("| --- | --- | --- | --- |\n");
            foreach (var p in policies)
                page.Append($"| [`{p.Name}`](#{p.Name}) | {Cell(p.Control)} | {Versions(p)} | `{prefix}/{p.Name}: exclude` |\n");
            page.Append('\n');
            foreach (var p in policies) AppendPolicy(page, p, prefix, library);
        }

        page.Append("## Add-backs\n\n");
        page.Append("An add-back is data in `profiles/add-backs/<name>/`: it names the base policies it replaces and the replacement\n");
        page.Append("policies it brings. A namespace with the add-back gets `<base>: exclude` and `<replacement>: include` labels for\n");
        page.Append("each replaced policy its profile has; every other policy still applies.\n\n");
        foreach (var a in library.AddBacks)
        {
            page.Append($"### {a.Name}\n\n");
            page.Append(Paragraph(a.Description)).Append("\n\n");
            page.Append("| Replaces | With | Labels on the namespace |\n");
            page.Append("| --- | --- | --- |\n");
            foreach (var r in a.Replaces)
                page.Append($"| [`{r.Policy}`](#{r.Policy}) | [`{r.With}`](#{r.With}) | `{prefix}/{r.Policy}: exclude`, `{prefix}/{r.With}: include` |\n");
            page.Append('\n');
        }

        var replacements = library.Policies.Where(p => p.IsAddBack).ToList();
        if (replacements.Count > 0)
        {
            page.Append("## Add-back replacement policies\n\n");
            foreach (var p in replacements) AppendPolicy(page, p, prefix, library);
        }
        return page.ToString().TrimEnd('\n') + "\n";
    }

    private static void AppendPolicy(StringBuilder page, PolicyDefinition p, string prefix, PolicyLibrary library)
    {
        page.Append($"### {p.Name}\n\n");
        page.Append($"**{Inline(p.Title)}** · profile {p.ProfileName} · control {Inline(p.Control)} · PSS {Versions(p)}\n\n");
        page.Append(Paragraph(p.Description)).Append("\n\n");
        if (p.Variants.Count > 1)
        {
            page.Append("The rule changed between PSS versions; one variant per range:\n\n");
            foreach (var v in p.Variants.OrderBy(v => v.MinVersion))
                page.Append($"- {Range(v)}\n");
            page.Append('\n');
        }
        foreach (var overridden in p.Overrides)
            page.Append($"Overrides [`{overridden}`](#{overridden}) (PSA's OverrideCheckIDs): where this policy is in force (restricted namespaces, PSS {Versions(p)}) that baseline policy does not run.\n\n");
        foreach (var overrider in library.Policies.Where(o => o.Overrides.Contains(p.Name)))
            page.Append($"Overridden by [`{overrider.Name}`](#{overrider.Name}) (PSA's OverrideCheckIDs): it does not run in restricted namespaces at PSS {Versions(overrider)}, " +
                        "so it binds baseline namespaces, and restricted ones only when pinned to a PSS version before the override.\n\n");
        if (p.IsAddBack)
        {
            var bringers = library.AddBacks.Where(a => a.Replaces.Any(r => r.With == p.Name)).ToList();
            foreach (var a in bringers)
                foreach (var r in a.Replaces.Where(r => r.With == p.Name))
                    page.Append($"Brought by add-back [`{a.Name}`](#{a.Name}) in place of [`{r.Policy}`](#{r.Policy}); bound where `{prefix}/{p.Name}: include`.\n\n");
        }
        else page.Append($"Opt out: `{prefix}/{p.Name}: exclude`.\n\n");
    }

    private static string Versions(PolicyDefinition p)
    {
        var first = p.Variants.Min(v => v.MinVersion);
        var last = p.Variants.Any(v => v.MaxVersion is null) ? null : p.Variants.Max(v => v.MaxVersion);
        return last is null ? $"{first}+" : $"{first}–{last}";
    }

    private static string Range(PolicyVariant v) => v.MaxVersion is { } max ? (max == v.MinVersion ? $"{max}" : $"{v.MinVersion}–{max}") : $"{v.MinVersion}+";

    // Folded YAML descriptions are one line already; keep Markdown from reading them as markup it is not.
    private static string Paragraph(string text) => text.Trim().Replace("\r", "").Replace("\n", " ");

    private static string Inline(string text) => Paragraph(text).Replace("*", "\\*");

    private static string Cell(string text) => Inline(text).Replace("|", "\\|");
}
