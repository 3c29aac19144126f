using System.Diagnostics;
using System.Formats.Tar;
using PspReplacement.Profiles;
using PspReplacement.Rendering;
using PspReplacement.Rendering.Review;

namespace PspReplacement.Cli;

/// <summary>
/// The edge of pspr diff (and of render's security summary): the values, library and templates of a git revision,
/// rendered beside the working tree's, compared by <see cref="SecurityDiff"/>.
/// </summary>
internal static class SecurityReview
{
    /// <summary>The security changes from the revision's values and library to the rendered working tree (render prints them too).</summary>
    public static IReadOnlyList<SecurityChange> Against(string repository, string revision, RenderOutput now)
    {
        var baseTree = Directory.CreateTempSubdirectory("pspr-diff-").FullName;
        try
        {
            Extract(repository, revision, baseTree);
            RenderOutput before;
            try { before = FleetRenderer.Render(baseTree); }
            catch (InvalidInputException e)
            {
                throw new InvalidInputException([$"--base {revision}: that revision does not render with this pspr:", .. e.Problems.Select(p => "  " + p.Replace(baseTree + Path.DirectorySeparatorChar, ""))]);
            }
            return SecurityDiff.Between(before.Clusters, PolicyLibraryLoader.Load(Path.Combine(baseTree, "profiles")),
                now.Clusters, PolicyLibraryLoader.Load(Path.Combine(repository, "profiles")));
        }
        finally { Directory.Delete(baseTree, true); }
    }

    /// <summary>values/, profiles/ and templates/ as they are at the revision, into the folder (git archive).</summary>
    private static void Extract(string repository, string revision, string into)
    {
        var tar = Path.Combine(into, ".base.tar");
        var start = new ProcessStartInfo("git") { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = repository };
        foreach (var a in new[] { "archive", "--format=tar", "-o", tar, revision, "--", "values", "profiles", "templates" }) start.ArgumentList.Add(a);
        try
        {
            using var git = Process.Start(start)!;
            var stderr = git.StandardError.ReadToEndAsync();
            git.StandardOutput.ReadToEnd();
            git.WaitForExit();
            if (git.ExitCode != 0) throw new InvalidInputException($"--base {revision}: git cannot read values/, profiles/ and templates/ there ({stderr.Result.Trim()}); give a revision of this repository");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidInputException($"--base {revision}: git could not be run ({e.Message}); pspr diff compares with a git revision, so it needs git");
        }
        TarFile.ExtractToDirectory(tar, into, overwriteFiles: false);
        File.Delete(tar);
    }

}
