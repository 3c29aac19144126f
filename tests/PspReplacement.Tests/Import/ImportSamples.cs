using System.Runtime.CompilerServices;
using PspReplacement.Cel;
using PspReplacement.Import;
using PspReplacement.Profiles;

namespace PspReplacement.Tests.Import;

/// <summary>The Kyverno samples under Import/samples, and a scratch output folder per test.</summary>
internal static class ImportSamples
{
    public static string Folder { get; } = Path.Combine(SourceFolder(), "samples");

    public static string Path_(params string[] parts) => Path.Combine([Folder, .. parts]);

    private static string SourceFolder([CallerFilePath] string file = "") => Path.GetDirectoryName(file)!;

    public static string NewOutputFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "pspr-import-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    public static KyvernoImportReport Import(string output, bool force = false, params string[] paths) =>
        KyvernoImporter.Run(new KyvernoImportOptions(paths.Length == 0 ? [Folder] : paths, output, KubernetesVersion.Latest, Profile.Restricted, force));

    /// <summary>Every file under the folder with its bytes, keyed by '/'-separated relative path.</summary>
    public static SortedDictionary<string, byte[]> Snapshot(string folder) =>
        new(Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f).Replace('\\', '/'), File.ReadAllBytes), StringComparer.Ordinal);
}
