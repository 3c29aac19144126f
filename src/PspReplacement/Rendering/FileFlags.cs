using System.Runtime.InteropServices;

namespace PspReplacement.Rendering;

/// <summary>
/// Linux inode flags that make a file impossible to rename or delete even for root: immutable and append-only
/// (chattr +i, +a). Render checks them before its swap, so a tree it cannot fully replace is refused up front instead
/// of half-way. Elsewhere (and on file systems without the flags) nothing is flagged.
/// </summary>
internal static class FileFlags
{
    private const uint GetFlags = 0x80086601; // FS_IOC_GETFLAGS on 64-bit Linux
    private const int Immutable = 0x10;      // FS_IMMUTABLE_FL
    private const int AppendOnly = 0x20;     // FS_APPEND_FL
    private const int ReadOnly = 0, NonBlocking = 0x800, NoFollow = 0x20000;

    /// <summary>The first file or folder at or under the path that is immutable or append-only, or null.</summary>
    public static string? FirstUnchangeable(string path)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture is not (Architecture.X64 or Architecture.Arm64)) return null;
        if (IsUnchangeable(path)) return path;
        if (!Directory.Exists(path)) return null;
        foreach (var entry in Directory.EnumerateFileSystemEntries(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            if (IsUnchangeable(entry)) return entry;
        return null;
    }

    private static bool IsUnchangeable(string path)
    {
        var fd = Open(path, ReadOnly | NonBlocking | NoFollow);
        if (fd < 0) return false;
        try { return Ioctl(fd, GetFlags, out var flags) == 0 && (flags & (Immutable | AppendOnly)) != 0; }
        finally { Close(fd); }
    }

    [DllImport("libc", EntryPoint = "open")]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "ioctl")]
    private static extern int Ioctl(int fd, nuint request, out int flags);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int fd);
}
