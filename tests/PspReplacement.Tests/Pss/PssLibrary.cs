using PspReplacement.Profiles;
using YamlDotNet.RepresentationModel;

namespace PspReplacement.Tests.Pss;

/// <summary>One case of a policy's tests.yaml, as plain data (the form the admission engine takes).</summary>
public sealed record PssFixture(
    string Policy,
    string Name,
    bool ExpectDeny,
    string? Message,
    PssVersion? Min,
    PssVersion? Max,
    string Operation,
    string SubResource,
    Dictionary<string, object?> Object,
    Dictionary<string, object?>? OldObject)
{
    public override string ToString() => $"{Policy}: {Name}";

    /// <summary>The PSS versions the case runs at within a variant: the overlap of the case's range and the variant's.</summary>
    public (PssVersion From, PssVersion To)? Overlap(PolicyVariant variant)
    {
        var from = Min is { } min && min > variant.MinVersion ? min : variant.MinVersion;
        var variantMax = variant.MaxVersion ?? PssVersion.Latest;
        var to = Max is { } max && max < variantMax ? max : variantMax;
        return from <= to ? (from, to) : null;
    }
}

/// <summary>The policy library of the repository and the fixtures beside each policy, loaded once per test run.</summary>
public static class PssLibrary
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);
    private static readonly Lazy<PolicyLibrary> LibraryLazy = new(() => PolicyLibraryLoader.Load(ProfilesDirectory));
    private static readonly Lazy<IReadOnlyDictionary<string, IReadOnlyList<PssFixture>>> FixturesLazy = new(LoadFixtures);

    public static string Root => RootLazy.Value;
    public static string ProfilesDirectory => Path.Combine(Root, "profiles");
    public static PolicyLibrary Library => LibraryLazy.Value;

    /// <summary>Fixtures by policy name.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<PssFixture>> Fixtures => FixturesLazy.Value;

    public static PolicyDefinition Policy(string name) => Library.Policies.Single(p => p.Name == name);

    // Above the test assembly, or (when built into PSPR_ARTIFACTS elsewhere) above this source file.
    private static string FindRoot() =>
        Above(AppContext.BaseDirectory) ?? Above(Path.GetDirectoryName(SourceFile())!)
        ?? throw new InvalidOperationException("cannot find the repository root (PspReplacement.sln beside profiles/) above " + AppContext.BaseDirectory);

    private static string? Above(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PspReplacement.sln")) && Directory.Exists(Path.Combine(dir.FullName, "profiles")))
                return dir.FullName;
        return null;
    }

    private static string SourceFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;

    private static IReadOnlyDictionary<string, IReadOnlyList<PssFixture>> LoadFixtures()
    {
        var result = new SortedDictionary<string, IReadOnlyList<PssFixture>>(StringComparer.Ordinal);
        // The folder of a policy is named after it (profiles/<profile>/<policy>/, profiles/add-backs/<add-back>/<policy>/).
        var folders = Directory.EnumerateFiles(ProfilesDirectory, "policy.yaml", SearchOption.AllDirectories)
            .Select(Path.GetDirectoryName).ToDictionary(d => Path.GetFileName(d)!, d => d!, StringComparer.Ordinal);
        foreach (var policy in Library.Policies)
        {
            var file = folders.TryGetValue(policy.Name, out var folder) ? Path.Combine(folder, "tests.yaml") : "";
            result[policy.Name] = File.Exists(file) ? Read(policy.Name, file) : [];
        }
        return result;
    }

    private static List<PssFixture> Read(string policy, string file)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(file)) stream.Load(reader);
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var cases = new List<PssFixture>();
        foreach (var node in ((YamlSequenceNode)root.Children[new YamlScalarNode("cases")]).Children.Cast<YamlMappingNode>())
        {
            string? Text(string key) => node.Children.TryGetValue(new YamlScalarNode(key), out var v) ? ((YamlScalarNode)v).Value : null;
            PssVersion? Version(string key) =>
                node.Children.TryGetValue(new YamlScalarNode("pssVersions"), out var v) && ((YamlMappingNode)v).Children.TryGetValue(new YamlScalarNode(key), out var s)
                    ? PssVersion.Parse(((YamlScalarNode)s).Value!) : null;
            var expect = Text("expect");
            if (expect is not ("allow" or "deny")) throw new InvalidDataException($"{file}: case '{Text("name")}' has expect '{expect}'; use allow or deny");
            cases.Add(new PssFixture(policy, Text("name") ?? "", expect == "deny", Text("message"), Version("min"), Version("max"),
                Text("operation") ?? "CREATE", Text("subResource") ?? "",
                (Dictionary<string, object?>)Plain(node.Children[new YamlScalarNode("object")])!,
                node.Children.TryGetValue(new YamlScalarNode("oldObject"), out var old) ? (Dictionary<string, object?>)Plain(old)! : null));
        }
        return cases;
    }

    /// <summary>YAML to the plain data kubectl would send (YAML 1.1 scalars as in manifests).</summary>
    public static object? Plain(YamlNode node) => node switch
    {
        YamlMappingNode map => map.Children.ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => Plain(e.Value), StringComparer.Ordinal),
        YamlSequenceNode seq => seq.Children.Select(Plain).ToList(),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } s => global::PspReplacement.Manifests.YamlScalars.ResolvePlain(s.Value ?? ""),
        YamlScalarNode s => s.Value,
        _ => throw new InvalidDataException($"unsupported YAML node at {node.Start}"),
    };
}
