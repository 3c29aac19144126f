namespace PspReplacement.Rendering;

/// <summary>
/// One render (or render --check) at a time per repository: an exclusive lock on .pspr/render.lock. The lock is the
/// operating system's (.NET takes flock for FileShare.None), so a killed render never leaves it held. A second render
/// waits and says who holds the lock; after the wait it gives up with exit 2.
/// </summary>
public sealed class RenderLock : IDisposable
{
    /// <summary>The folder of render's own state (the lock and an interrupted swap); git-ignored.</summary>
    public const string StateFolder = ".pspr";

    private static readonly TimeSpan DefaultWait = TimeSpan.FromMinutes(2);
    private readonly FileStream _lock;

    private RenderLock(FileStream stream) => _lock = stream;

    public static RenderLock Acquire(string repositoryRoot, Action<string>? note = null, TimeSpan? wait = null)
    {
        var folder = Path.Combine(repositoryRoot, StateFolder);
        if (File.Exists(folder))
            throw new InvalidInputException($"{StateFolder}: a file where render keeps its lock folder; move it away and run ./pspr render again");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "render.lock");
        var owner = Path.Combine(folder, "render.owner");
        var deadline = DateTime.UtcNow + (wait ?? DefaultWait);
        var waiting = false;
        while (true)
        {
            try
            {
                var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                File.WriteAllText(owner, $"pid {Environment.ProcessId} since {DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ}\n");
                return new RenderLock(stream);
            }
            catch (IOException e) when (IsHeld(e))
            {
                var holder = ReadOwner(owner);
                if (DateTime.UtcNow >= deadline)
                    throw new InvalidInputException($"{StateFolder}/render.lock: another render ({holder}) still holds the lock; wait for it to finish (or stop it), then run again");
                if (!waiting) note?.Invoke($"render: waiting for another render of this repository ({holder}) to finish");
                waiting = true;
                Thread.Sleep(100);
            }
        }
    }

    // A lock held elsewhere: on Unix .NET reports flock's EWOULDBLOCK with the errno as HResult (11 on Linux, 35 on
    // macOS); on Windows it is a sharing violation (Win32 error 32).
    private static bool IsHeld(IOException e) => e.HResult is 11 or 35 || (e.HResult & 0xFFFF) == 32;

    private static string ReadOwner(string path)
    {
        try { return File.ReadAllText(path).Trim(); }
        catch (IOException) { return "owner unknown"; }
    }

    public void Dispose() => _lock.Dispose();
}
