using PspReplacement.Cel;
using PspReplacement.Config;
using PspReplacement.Profiles;
using PspReplacement.Rendering;
using PspReplacement.Rendering.Bindings;
using PspReplacement.Testing;

namespace PspReplacement.Tests.Profiles.Pss;

/// <summary>
/// An add-back adds back only what it names. Its allowed features (the allow fixtures of its
/// replacement policies that the replaced policy denies) are merged into every deny fixture of every other rule, and
/// that rule must still deny the pod in a namespace with the add-back. And the labels the add-back puts on a
/// namespace exclude exactly the policies it replaces.
/// </summary>
public class AddBackPropertyTests
{
    public static TheoryData<string> AddBacks()
    {
        var data = new TheoryData<string>();
        foreach (var a in PssLibrary.Library.AddBacks) data.Add(a.Name);
        return data;
    }

    /// <summary>Pods the add-back allows that its replaced policies deny: what the add-back adds back.</summary>
    internal static IReadOnlyList<(string Policy, TestCase Case)> Features(AddBack addBack)
    {
        var features = new List<(string, TestCase)>();
        foreach (var r in addBack.Replaces)
        {
            var replaced = PssLibrary.Policy(r.Policy);
            foreach (var f in PssLibrary.Fixtures[r.With].Where(f => !f.ExpectDeny))
            {
                var version = f.MaxVersion is { } max && max < PssVersion.Latest ? max : PssVersion.Latest;
                var denials = PssAdmission.Denials(PssAdmission.Setup(replaced.Profile!.Value, version), f);
                if (denials.Any(d => d.LibraryPolicy == r.Policy)) features.Add((r.With, f));
            }
        }
        return features;
    }

    [Theory]
    [MemberData(nameof(AddBacks))]
    public void Every_add_back_has_a_feature_its_base_policies_deny(string name)
    {
        var addBack = PssLibrary.Library.AddBacks.Single(a => a.Name == name);
        foreach (var r in addBack.Replaces)
            Assert.True(Features(addBack).Any(f => f.Policy == r.With), $"{name}: no allow fixture of {r.With} is denied by {r.Policy}; the add-back relaxes nothing its fixtures show");
    }

    [Theory]
    [MemberData(nameof(AddBacks))]
    public void The_allowed_feature_combined_with_any_other_violation_is_still_denied_by_that_rule(string name)
    {
        var addBack = PssLibrary.Library.AddBacks.Single(a => a.Name == name);
        var replaced = addBack.Replaces.Select(r => r.Policy).ToHashSet(StringComparer.Ordinal);
        var features = Features(addBack);
        Assert.NotEmpty(features);
        var failures = new List<string>();
        var checkedCount = 0;
        foreach (var other in PssLibrary.Library.Policies.Where(p => !p.IsAddBack && !replaced.Contains(p.Name)))
        {
            foreach (var violation in PssLibrary.Fixtures[other.Name].Where(f => f.ExpectDeny))
            {
                foreach (var variant in other.Variants)
                {
                    // The newest version of the overlap, at versions a cluster can pin.
                    if (PssLibrary.Overlap(violation, variant) is not { } overlap || overlap.To < PssAdmission.OldestSupported) continue;
                    var version = overlap.To;
                    // Restricted namespaces have every rule but the baseline ones a restricted rule overrides (PSA's
                    // OverrideCheckIDs); those run in baseline namespaces, where the add-back applies too.
                    var overridden = PolicyOverrides.At(PssLibrary.Library, version).Contains(other.Name);
                    var setup = PssAdmission.Setup(overridden ? Profile.Baseline : Profile.Restricted, version, addBack.Name);
                    foreach (var (featurePolicy, feature) in features)
                    {
                        var combined = violation.Object with { Content = PodMerge.Merge(violation.Object.Content, feature.Object.Content) };
                        checkedCount++;
                        if (!PssAdmission.Denials(setup, violation, combined).Any(d => d.LibraryPolicy == other.Name))
                            failures.Add($"{other.Name} «{violation.Name}» + {featurePolicy} «{feature.Name}» @ {version}: no longer denied by {other.Name}");
                    }
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(checkedCount > 100, $"only {checkedCount} combinations checked");
    }

    [Theory]
    [MemberData(nameof(AddBacks))]
    public void The_labels_an_add_back_produces_exclude_nothing_beyond_the_rules_it_replaces(string name)
    {
        var addBack = PssLibrary.Library.AddBacks.Single(a => a.Name == name);
        var scheme = new LabelScheme(ClusterConfig.DefaultLabelPrefix);
        foreach (var profile in new[] { Profile.Baseline, Profile.Restricted })
        {
            // At restricted, a baseline policy a restricted one overrides is not in force, so there is nothing to replace.
            var overridden = PolicyOverrides.At(PssLibrary.Library, PssVersion.Latest);
            var applicable = addBack.Replaces.Where(r => profile == Profile.Restricted
                ? !overridden.Contains(r.Policy)
                : PssLibrary.Policy(r.Policy).Profile == Profile.Baseline).ToList();
            if (applicable.Count == 0) continue;
            var without = Labels(ClusterRenderer.RenderProfile(PssLibrary.Library, profile, PssVersion.Latest, [], KubernetesVersion.Latest));
            var with = Labels(ClusterRenderer.RenderProfile(PssLibrary.Library, profile, PssVersion.Latest, [name], KubernetesVersion.Latest));
            var added = with.Where(l => !without.TryGetValue(l.Key, out var v) || v != l.Value).ToDictionary(l => l.Key, l => l.Value);
            var expected = applicable.SelectMany(r => new[]
            {
                KeyValuePair.Create(scheme.PolicyKey(r.Policy), LabelScheme.Exclude),
                KeyValuePair.Create(scheme.PolicyKey(r.With), LabelScheme.Include),
            }).ToDictionary(l => l.Key, l => l.Value);
            Assert.Equal(expected.OrderBy(l => l.Key, StringComparer.Ordinal), added.OrderBy(l => l.Key, StringComparer.Ordinal));
            Assert.All(without.Keys, k => Assert.True(with.ContainsKey(k), $"{name} at {profile} drops label {k}"));
        }
    }

    private static IReadOnlyDictionary<string, string> Labels(RenderedCluster rendered) =>
        rendered.Namespaces.Single().Metadata?.Labels is { } labels ? new Dictionary<string, string>(labels) : new Dictionary<string, string>();
}

/// <summary>
/// Merges a feature pod into a violating pod: maps merge key by key, named lists (containers, volumes, mounts) by
/// name, scalar lists by union; where both set a scalar the violating pod's value stays, so its violation survives.
/// </summary>
internal static class PodMerge
{
    public static Dictionary<string, object?> Merge(Dictionary<string, object?> violating, Dictionary<string, object?> feature) =>
        (Dictionary<string, object?>)MergeValue(violating, feature)!;

    private static object? MergeValue(object? a, object? b) => (a, b) switch
    {
        (Dictionary<string, object?> x, Dictionary<string, object?> y) => MergeMaps(x, y),
        (List<object?> x, List<object?> y) => MergeLists(x, y),
        (null, _) => Copy(b),
        _ => Copy(a),
    };

    private static Dictionary<string, object?> MergeMaps(Dictionary<string, object?> a, Dictionary<string, object?> b)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (k, v) in a) result[k] = b.TryGetValue(k, out var w) ? MergeValue(v, w) : Copy(v);
        foreach (var (k, v) in b) if (!a.ContainsKey(k)) result[k] = Copy(v);
        return result;
    }

    private static List<object?> MergeLists(List<object?> a, List<object?> b)
    {
        static string? NameOf(object? o) => o is Dictionary<string, object?> d && d.GetValueOrDefault("name") is string s ? s : null;
        var result = a.Select(Copy).ToList();
        foreach (var item in b)
        {
            var name = NameOf(item);
            var index = name is null ? -1 : result.FindIndex(x => NameOf(x) == name);
            if (index >= 0) result[index] = MergeValue(result[index], item);
            else if (name is not null || !result.Any(x => Equals(x, item))) result.Add(Copy(item));
        }
        return result;
    }

    private static object? Copy(object? o) => o switch
    {
        Dictionary<string, object?> d => d.ToDictionary(e => e.Key, e => Copy(e.Value), StringComparer.Ordinal),
        List<object?> l => l.Select(Copy).ToList(),
        _ => o,
    };
}
