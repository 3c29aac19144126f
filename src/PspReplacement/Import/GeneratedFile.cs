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

    public static string Compose(string body, string source) =>
        $"# Imported by 'pspr import kyverno' from {source}: change it upstream and import again.\n" +
        $"# Hand edits are detected by the checksum below, and the import then refuses to overwrite the file without --force.\n" +
        $"{MarkerPrefix}{Checksum(body)}\n" +
        body;

    public static string Checksum(string body) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)));

    public static State Inspect(string path, string content)
    {
        if (!File.Exists(path)) return State.Missing;
        var existing = File.ReadAllText(path);
        if (existing == content) return State.Unchanged;
        var marker = existing.IndexOf(MarkerPrefix, StringComparison.Ordinal);
        if (marker < 0 || (marker > 0 && existing[marker - 1] != '\n')) return State.Edited;
        var lineEnd = existing.IndexOf('\n', marker);
        if (lineEnd < 0) return State.Edited;
        var recorded = existing[(marker + MarkerPrefix.Length)..lineEnd].Trim();
        return recorded == Checksum(existing[(lineEnd + 1)..]) ? State.Outdated : State.Edited;
    }

    public static void Write(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }
}
