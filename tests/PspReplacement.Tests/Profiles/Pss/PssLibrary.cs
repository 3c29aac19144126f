using PspReplacement.Profiles;
using PspReplacement.Testing;

namespace PspReplacement.Tests.Profiles.Pss;

/// <summary>The repository's policy library and the fixtures beside each policy, loaded once per test run.</summary>
public static class PssLibrary
{
    private static readonly Lazy<PolicyLibrary> LibraryLazy = new(() => PolicyLibraryLoader.Load(ProfilesDirectory));
    private static readonly Lazy<IReadOnlyDictionary<string, IReadOnlyList<TestCase>>> FixturesLazy = new(() =>
        new FixtureRunner(Library).Fixtures().ToDictionary(f => f.Policy.Name, f => f.File.Cases, StringComparer.Ordinal));

    public static string Root => Rendering.RenderTestRepo.RepositoryRoot();
    public static string ProfilesDirectory => Path.Combine(Root, "profiles");
    public static PolicyLibrary Library => LibraryLazy.Value;

    /// <summary>Fixtures (tests.yaml) by policy name, read by the same reader as pspr test.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<TestCase>> Fixtures => FixturesLazy.Value;

    public static PolicyDefinition Policy(string name) => Library.Policies.Single(p => p.Name == name);

    /// <summary>The PSS versions a case runs at within a variant: where the case's range and the variant's overlap.</summary>
    public static (PssVersion From, PssVersion To)? Overlap(TestCase c, PolicyVariant variant)
    {
        var from = c.MinVersion is { } min && min > variant.MinVersion ? min : variant.MinVersion;
        var variantMax = variant.MaxVersion ?? PssVersion.Latest;
        var to = c.MaxVersion is { } max && max < variantMax ? max : variantMax;
        return from <= to ? (from, to) : null;
    }
}
