namespace PspReplacement.Yaml;

/// <summary>
/// Short strings met again and again (keys such as apiVersion, name, image; values such as v1, true, ALL) are made
/// once per thread: a manifest stream of thousands of objects then allocates a handful of key strings, not millions.
/// </summary>
internal static class StringPool
{
    private const int MaxLength = 32;
    private const int MaxEntries = 16 * 1024;

    [ThreadStatic] private static Dictionary<string, string>? _pool;

    public static string Get(ReadOnlySpan<char> text)
    {
        if (text.Length > MaxLength) return new string(text);
        var pool = _pool ??= new Dictionary<string, string>(StringComparer.Ordinal);
        var lookup = pool.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(text, out var found)) return found;
        var made = new string(text);
        if (pool.Count < MaxEntries) pool[made] = made;
        return made;
    }
}
