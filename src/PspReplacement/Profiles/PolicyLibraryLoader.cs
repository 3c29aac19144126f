namespace PspReplacement.Profiles;

// CONTRACT (owner: render).
public static class PolicyLibraryLoader
{
    /// <summary>Loads every policy.yaml and add-back.yaml under the folder (docs/design.md). Throws InvalidInputException listing every problem with file:line:column.</summary>
    public static PolicyLibrary Load(string profilesDirectory) => throw new NotImplementedException("CONTRACT: PolicyLibraryLoader.Load");
}
