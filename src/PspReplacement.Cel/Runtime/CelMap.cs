using System.Collections;

namespace PspReplacement.Cel.Runtime;

/// <summary>
/// A CEL map whose key comparison is CEL equality, so 1, 1u and 1.0 find the same entry.
/// Maps whose keys are all strings (every document) keep a string-keyed dictionary, which hashes faster.
/// Iteration follows insertion order (documents keep their order, so output stays deterministic).
/// </summary>
public sealed class CelMap : ICelMap
{
    public static readonly CelMap Empty = new(new Dictionary<string, object>(0, StringComparer.Ordinal));

    private readonly Dictionary<string, object>? _strings;
    private readonly Dictionary<object, object>? _general;

    private CelMap(Dictionary<string, object> strings) => _strings = strings;
    private CelMap(Dictionary<object, object> general) => _general = general;

    /// <summary>Builds a map; returns false (and the duplicate key) when a key repeats, which CEL reports as an error.</summary>
    public static bool TryCreate(IEnumerable<KeyValuePair<object, object>> entries, out CelMap map, out object? duplicateKey)
    {
        var d = new Dictionary<object, object>(CelKeyComparer.Instance);
        foreach (var (k, v) in entries)
        {
            if (!d.TryAdd(k, v))
            {
                map = Empty;
                duplicateKey = k;
                return false;
            }
        }
        map = Wrap(d);
        duplicateKey = null;
        return true;
    }

    /// <summary>Wraps a dictionary the caller built with <see cref="CelKeyComparer"/> and will not change again.</summary>
    internal static CelMap Wrap(Dictionary<object, object> entries)
    {
        foreach (var k in entries.Keys)
            if (k is not string) return new CelMap(entries);
        var strings = new Dictionary<string, object>(entries.Count, StringComparer.Ordinal);
        foreach (var (k, v) in entries) strings.Add((string)k, v);
        return new CelMap(strings);
    }

    /// <summary>Wraps a string-keyed dictionary the caller built with ordinal comparison and will not change again.</summary>
    internal static CelMap WrapStrings(Dictionary<string, object> entries) => new(entries);

    /// <summary>A map with string keys (documents); later duplicates replace earlier ones as in JSON decoders.</summary>
    public static CelMap FromStringKeys(IEnumerable<KeyValuePair<string, object>> entries)
    {
        var d = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (k, v) in entries) d[k] = v;
        return new CelMap(d);
    }

    public int Count => _strings?.Count ?? _general!.Count;

    public IEnumerable<object> Keys => _strings is not null ? _strings.Keys : _general!.Keys;

    public bool TryGetValue(object key, out object value)
    {
        if (_strings is not null)
        {
            if (key is string s) return _strings.TryGetValue(s, out value!);
            value = null!;
            return false;
        }
        return _general!.TryGetValue(key, out value!);
    }

    /// <summary>The fast path for field selection (object.spec).</summary>
    public bool TryGetField(string key, out object value) =>
        _strings is not null ? _strings.TryGetValue(key, out value!) : _general!.TryGetValue(key, out value!);

    public IEnumerator<KeyValuePair<object, object>> GetEnumerator()
    {
        if (_general is not null)
        {
            foreach (var kv in _general) yield return kv;
            yield break;
        }
        foreach (var (k, v) in _strings!) yield return new KeyValuePair<object, object>(k, v);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>Key comparison with CEL equality: numeric keys compare by value across int, uint and double.</summary>
public sealed class CelKeyComparer : IEqualityComparer<object>
{
    public static readonly CelKeyComparer Instance = new();

    public new bool Equals(object? x, object? y)
    {
        if (ReferenceEquals(x, y)) return true;
        if (x is null || y is null) return false;
        if (x is string sx) return y is string sy && string.Equals(sx, sy, StringComparison.Ordinal);
        return CelValue.ValueEquals(x, y);
    }

    public int GetHashCode(object obj) => obj switch
    {
        string s => s.GetHashCode(),
        long l => l.GetHashCode(),
        ulong u => u <= long.MaxValue ? ((long)u).GetHashCode() : u.GetHashCode(),
        double d => d >= -9.2233720368547758E18 && d < 9.2233720368547758E18 && Math.Floor(d) == d ? ((long)d).GetHashCode() : d.GetHashCode(),
        bool b => b.GetHashCode(),
        _ => obj.GetHashCode(),
    };
}
