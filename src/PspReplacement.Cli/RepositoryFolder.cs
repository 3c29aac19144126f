using PspReplacement;

namespace PspReplacement.Cli;

/// <summary>The repository the commands work on: the nearest folder at or above the current one with values/ and profiles/, as git finds its root.</summary>
internal static class RepositoryFolder
{
    public static string Find() => TryFind()
        ?? throw new InvalidInputException("no values/ and profiles/ folders here or above; run from the repository or pass --root");

    public static string? TryFind()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "values")) && Directory.Exists(Path.Combine(dir.FullName, "profiles")))
                return dir.FullName;
        return null;
    }

    /// <summary>A folder option's value, else that folder of the repository found from here, else the name relative to here.</summary>
    public static string Folder(string? given, string name) => given ?? (TryFind() is { } root ? Path.Combine(root, name) : name);
}
