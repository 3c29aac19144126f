using System.Text.RegularExpressions;
using PspReplacement.Cel.Tests.Conformance;

namespace PspReplacement.Cel.Tests.Runtime;

/// <summary>
/// The README's list of when each CEL feature reaches new policies ("the authorizer library from 1.28; …"), checked
/// against the compiler: a probe expression of each feature compiles for the version the README gives and is refused,
/// naming that version, one minor earlier.
/// </summary>
public sealed class ReadmeFeatureVersionTests
{
    /// <summary>Each feature as the README names it, with an expression only that feature makes compile.</summary>
    public static TheoryData<string, string> Features() => new()
    {
        { "the authorizer library", "authorizer.path('/healthz').check('get').allowed()" },
        { "optional syntax", "object.?spec.hasValue()" },
        { "cross-type numeric comparisons", "1 < 2.0" },
        { "the quantity library", "quantity('1Gi').isInteger()" },
        { "sets", "sets.contains([1, 2], [1])" },
        { "strings v2", "strings.quote('a') == '\"a\"'" },
        { "IP/CIDR", "ip('10.0.0.1').family() == 4 && cidr('10.0.0.0/8').prefixLength() == 8" },
        { "format", "!format.dns1123Label().validate('abc').hasValue()" },
        { "two-variable comprehensions", "[1, 2].all(i, v, v > i)" },
        { "authorizer selectors", "authorizer.group('').resource('pods').fieldSelector('a=b').check('list').allowed()" },
        { "semver", "semver('1.2.3').major() == 1" },
        { "cel-go's list extension", "[3, 1].sort() == [1, 3]" },
    };

    private static readonly Lazy<string> Paragraph = new(() =>
    {
        var readme = File.ReadAllText(Path.Combine(ConformanceData.RepositoryRoot, "README.md"));
        var start = readme.IndexOf("The engine (`src/PspReplacement.Cel`)", StringComparison.Ordinal);
        Assert.True(start >= 0, "the README's paragraph on the engine moved");
        var end = readme.IndexOf("\n\n", start, StringComparison.Ordinal);
        return Regex.Replace(readme[start..end], @"\s+", " ");
    });

    /// <summary>The version the README gives a feature: the first "from 1.NN" after its name.</summary>
    private static KubernetesVersion ReadmeVersion(string feature)
    {
        var at = Paragraph.Value.IndexOf(feature, StringComparison.Ordinal);
        Assert.True(at >= 0, $"the README no longer names '{feature}'");
        var from = Regex.Match(Paragraph.Value[at..], @"from (1\.\d+)");
        Assert.True(from.Success, $"the README gives '{feature}' no version");
        return KubernetesVersion.Parse(from.Groups[1].Value);
    }

    [Theory]
    [MemberData(nameof(Features))]
    public void The_readme_gives_the_first_version_whose_policies_may_use_the_feature(string feature, string probe)
    {
        var since = ReadmeVersion(feature);
        string[] variables = ["object", "authorizer"];
        CelEnvironment.ForKubernetes(since, variables).Compile(probe);
        CelEnvironment.ForKubernetes(KubernetesVersion.Latest, variables).Compile(probe);
        var before = new KubernetesVersion(since.Major, since.Minor - 1);
        if (before < KubernetesVersion.Oldest) return;
        var e = Assert.Throws<CelCompileException>(() => CelEnvironment.ForKubernetes(before, variables).Compile(probe));
        Assert.Contains($"requires Kubernetes {since} or newer (compiling for {before})", e.Message);
    }

    [Fact]
    public void The_readme_says_1_36_adds_nothing()
    {
        Assert.Contains("nothing new in 1.36", Paragraph.Value);
        foreach (var (_, probe) in Features().Select(d => ((string)d[0], (string)d[1])))
        {
            string[] variables = ["object", "authorizer"];
            Assert.Equal(Compiles(new KubernetesVersion(1, 35), probe, variables), Compiles(new KubernetesVersion(1, 36), probe, variables));
        }
    }

    private static bool Compiles(KubernetesVersion version, string probe, string[] variables)
    {
        try { CelEnvironment.ForKubernetes(version, variables).Compile(probe); return true; }
        catch (CelCompileException) { return false; }
    }
}
