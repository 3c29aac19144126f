using System.Security.Cryptography;
using System.Text;

namespace PspReplacement.Import;

/// <summary>
/// The header an imported file carries: where it came from and a checksum of the content below it. A file whose
/// content no longer matches its checksum (or that has none) was edited by hand, and the import does not overwrite
/// it without --force.
/// </summary>
internal static class GeneratedFile
{
    public const string MarkerPrefix = "# pspr-import-checksum: sha256:";

    public enum State
    {
        /// <summary>No file yet.</summary>
        Missing,
        /// <summary>The file already has exactly this content.</summary>
        Unchanged,
        /// <summary>An earlier import wrote it and nobody edited it since: safe to replace.</summary>
        Outdated,
        /// <summary>Edited by hand (checksum mismatch) or not written by the import (no marker).</summary>
        Edited,
    }

    private const string SourcePrefix = "# Imported by 'pspr import kyverno' from ";
    private const string SourceSuffix = ": change it upstream and import again.";

    public static string Compose(string body, string source) =>
        $"{SourcePrefix}{source}{SourceSuffix}\n" +
        $"# Hand edits are detected by the checksum below, and the import then refuses to overwrite the file without --force.\n" +
        $"{MarkerPrefix}{Checksum(body)}\n" +
        body;

    public static string Checksum(string body) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)));

    /// <summary>The upstream file an imported file names in its header, or null for a file the import did not write.</summary>
    public static string? Source(string path)
    {
        using var reader = new StreamReader(path);
        var first = reader.ReadLine();
        return first is not null && first.StartsWith(SourcePrefix, StringComparison.Ordinal) && first.EndsWith(SourceSuffix, StringComparison.Ordinal)
            ? first[SourcePrefix.Length..^SourceSuffix.Length]
            : null;
    }

    public static State Inspect(string path, string content)
    {
        if (!File.Exists(path)) return State.Missing;
        var existing = File.ReadAllText(path);
        if (existing == content) return State.Unchanged;
        return IsIntact(existing) ? State.Outdated : State.Edited;
    }

    /// <summary>Whether the text still has the checksum the import gave it.</summary>
    public static bool IsIntact(string existing)
    {
        var marker = existing.IndexOf(MarkerPrefix, StringComparison.Ordinal);
        if (marker < 0 || (marker > 0 && existing[marker - 1] != '\n')) return false;
        var lineEnd = existing.IndexOf('\n', marker);
        if (lineEnd < 0) return false;
        var recorded = existing[(marker + MarkerPrefix.Length)..lineEnd].Trim();
        return recorded == Checksum(existing[(lineEnd + 1)..]);
    }

    public static void Write(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }

    /// <summary>Deletes an imported file, and its policy folder once that is empty.</summary>
    public static void Remove(string outDirectory, string relative)
    {
        var path = Path.Combine(outDirectory, relative);
        File.Delete(path);
        var folder = Path.GetDirectoryName(path)!;
        if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any()) Directory.Delete(folder);
    }
}
