namespace PspReplacement.Cli.Tests;

/// <summary>The fixtures the command tests read, kept beside the library tests that read them too, and scratch folders.</summary>
internal static class TestData
{
    private static readonly string Library = Path.Combine(RepositoryRoot.Find(), "tests", "PspReplacement.Tests");

    /// <summary>Policies, bindings and manifests for pspr check.</summary>
    public static string Admission(params string[] parts) => Path.Combine([Library, "testdata", "admission", .. parts]);

    /// <summary>The Kyverno samples for pspr import.</summary>
    public static string KyvernoSample(params string[] parts) => Path.Combine([Library, "Import", "samples", .. parts]);

    public static string NewOutputFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "pspr-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }
}
