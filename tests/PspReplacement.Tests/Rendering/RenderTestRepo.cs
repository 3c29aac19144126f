
namespace PspReplacement.Tests.Rendering;

/// <summary>
/// A throw-away repository for render tests: the real templates/ and values schema, a policy library (the small test
/// fixture by default, or the real profiles/), and values files the test writes.
/// </summary>
public sealed class RenderTestRepo : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("pspr-render-").FullName;

    public static string RepositoryRoot() => PspReplacement.Tests.RepositoryRoot.Find();

    public static string FixtureLibrary => Path.Combine(RepositoryRoot(), "tests", "PspReplacement.Tests", "testdata", "render-library");

    public RenderTestRepo(bool realProfiles = false, bool realValues = false)
    {
        var repo = RepositoryRoot();
        Copy(Path.Combine(repo, "templates"), Path.Combine(Root, "templates"));
        Copy(realProfiles ? Path.Combine(repo, "profiles") : FixtureLibrary, Path.Combine(Root, "profiles"));
        if (realValues) Copy(Path.Combine(repo, "values"), Path.Combine(Root, "values"));
        else
        {
            Directory.CreateDirectory(Path.Combine(Root, "values", "groups"));
            File.Copy(Path.Combine(repo, "values", "values.schema.json"), Path.Combine(Root, "values", "values.schema.json"));
            // What render requires every cluster to decide, decided here once: the system namespaces, and the label guard
            // (off, so tests see only the policies they are about; the guard's own tests turn it on).
            File.WriteAllText(Path.Combine(Root, "values", "common.yaml"), SystemNamespacesDecided + LabelGuardOff + KubeContext);
        }
    }

    public string Values => Path.Combine(Root, "values");

    /// <summary>The common layer every test repository starts with: the system namespaces exempt, as PSA's guidance does.</summary>
    public const string SystemNamespacesDecided = "exemptions:\n  namespaces: [kube-node-lease, kube-public, kube-system]\n";

    /// <summary>One kube context for every cluster of a test repository.</summary>
    public const string KubeContext = "kubeContext: test-context\n";

    /// <summary>The label guard off, as every test repository starts.</summary>
    public const string LabelGuardOff = "labelGuard: {enabled: false}\n";

    /// <summary>Writes values/NAME (NAME may include groups/); text is YAML.</summary>
    public RenderTestRepo WriteValues(string name, string yaml)
    {
        var path = Path.Combine(Values, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, yaml.Replace("\r\n", "\n"));
        return this;
    }

    public string Read(string relative) => File.ReadAllText(Path.Combine(Root, relative));

    /// <summary>Every file under the folder, path → content (to compare trees byte for byte).</summary>
    public SortedDictionary<string, string> Snapshot(string folder = "charts")
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var dir = Path.Combine(Root, folder);
        if (!Directory.Exists(dir)) return result;
        foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
            result[Path.GetRelativePath(Root, file).Replace('\\', '/')] = File.ReadAllText(file);
        return result;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
