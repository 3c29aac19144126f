using System.Runtime.CompilerServices;

namespace PspReplacement.Tests;

/// <summary>The repository checkout: the nearest folder above the test assembly holding PspReplacement.sln, else the
/// one above this source file (the assembly may be built outside the tree, under PSPR_ARTIFACTS).</summary>
public static class RepositoryRoot
{
    public static string Find([CallerFilePath] string here = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(here) ?? "" })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "PspReplacement.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"no PspReplacement.sln above {AppContext.BaseDirectory} or {here}");
    }
}
