using System.Runtime.InteropServices;

namespace PspReplacement.Yaml;

/// <summary>
/// The type of a file (regular, fifo, device, ...), which .NET does not expose: opening a fifo blocks until someone
/// writes to it and a device like /dev/zero never ends, so manifest readers ask before they open. On Linux the type
/// comes from statx, whose layout is the same on every architecture; elsewhere it is unknown and files are opened.
/// </summary>
internal static class FileKind
{
    public const int Regular = 0x8000;
    private const int TypeMask = 0xF000;

    /// <summary>The S_IFMT bits of the file (following symbolic links), or null when they cannot be had.</summary>
    public static int? Of(string path)
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            var buffer = new byte[256];
            const int AtFdCwd = -100, StatxType = 1;
            if (Statx(AtFdCwd, path, 0, StatxType, buffer) != 0) return null;
            var mode = BitConverter.ToUInt16(buffer, 28);
            return mode & TypeMask;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }
    }

    public static string Describe(int kind) => kind switch
    {
        0x1000 => "fifo",
        0x2000 => "character device",
        0x4000 => "folder",
        0x6000 => "block device",
        0xC000 => "socket",
        _ => "special file",
    };

    [DllImport("libc", EntryPoint = "statx")]
    private static extern int Statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);
}
