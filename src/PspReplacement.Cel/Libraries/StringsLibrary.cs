using System.Text;
using PspReplacement.Cel.Runtime;
using static PspReplacement.Cel.Libraries.LibraryValues;

namespace PspReplacement.Cel.Libraries;

/// <summary>
/// cel-go's ext.Strings at a given library version. Kubernetes uses version 0 before 1.29 and version 2 from 1.29
/// (k8s.io/apiserver pkg/cel/environment/base.go). Version 1 added format and strings.quote, version 3 reverse, version 4
/// cel-go's locale-free formatter.
/// Indices count Unicode code points, as cel-go does.
/// </summary>
public sealed class StringsLibrary(uint version) : ICelLibrary
{
    public uint Version { get; } = version;
    public string Name => "strings";

    IEnumerable<ICallPlanner> ICelLibrary.CallPlanners => [FormatPlanner.Instance];

    /// <summary>
    /// Literals anywhere inside a format call are exempt from the homogeneous-literal check, as in cel-go's validator
    /// (Kubernetes exempts format so that <c>'%s %d'.format(['pod', 2])</c> compiles). Every version of the library
    /// has the hook, format or not, so a version without format reports just the missing function.
    /// </summary>
    private sealed class FormatPlanner : ICallPlanner
    {
        public static readonly FormatPlanner Instance = new();

        public IEnumerable<string> Functions => ["format"];

        public Interpretable Plan(Parsing.CallExpr call, Planner planner, Func<Interpretable> next) => planner.WithoutLiteralTypeChecks(next);
    }

    public IEnumerable<Overload> Overloads
    {
        get
        {
            var s = CelType.String;
            var i = CelType.Int;
            yield return Overload.Of("string_char_at_int", "charAt", true, s, i, (a, b) => Str(a, b, CharAt));
            yield return Overload.Of("string_index_of_string", "indexOf", true, s, s, (a, b) => a is string x && b is string y ? IndexOf(x, y, 0) : NoSuchOverload());
            yield return Overload.Of("string_index_of_string_int", "indexOf", true, s, s, i, (a, b, c) => a is string x && b is string y && c is long o ? IndexOf(x, y, o) : NoSuchOverload());
            yield return Overload.Of("string_last_index_of_string", "lastIndexOf", true, s, s, (a, b) => a is string x && b is string y ? LastIndexOf(x, y) : NoSuchOverload());
            yield return Overload.Of("string_last_index_of_string_int", "lastIndexOf", true, s, s, i, (a, b, c) => a is string x && b is string y && c is long o ? LastIndexOf(x, y, o) : NoSuchOverload());
            yield return Overload.Of("string_lower_ascii", "lowerAscii", true, s, a => a is string x ? MapAscii(x, upper: false) : NoSuchOverload());
            yield return Overload.Of("string_upper_ascii", "upperAscii", true, s, a => a is string x ? MapAscii(x, upper: true) : NoSuchOverload());
            yield return Overload.Of("string_replace_string_string", "replace", true, s, s, s, (a, b, c) => a is string x && b is string y && c is string z ? BoundedReplace(x, y, z, -1) : NoSuchOverload());
            yield return Overload.OfN("string_replace_string_string_int", "replace", true, [s, s, s, i], args =>
                args is [string x, string y, string z, long n] ? BoundedReplace(x, y, z, n) : NoSuchOverload());
            yield return Overload.Of("string_split_string", "split", true, s, s, (a, b) => a is string x && b is string y ? Split(x, y, -1) : NoSuchOverload());
            yield return Overload.Of("string_split_string_int", "split", true, s, s, i, (a, b, c) => a is string x && b is string y && c is long n ? Split(x, y, n) : NoSuchOverload());
            yield return Overload.Of("string_substring_int", "substring", true, s, i, (a, b) => a is string x && b is long start ? Substring(x, start) : NoSuchOverload());
            yield return Overload.Of("string_substring_int_int", "substring", true, s, i, i, (a, b, c) => a is string x && b is long start && c is long end ? Substring(x, start, end) : NoSuchOverload());
            yield return Overload.Of("string_trim", "trim", true, s, a => a is string x ? Trim(x) : NoSuchOverload());
            if (Version >= 1)
            {
                yield return Overload.Of("string_format", "format", true, s, CelType.List, (a, b) =>
                    a is string f && b is IReadOnlyList<object> list ? StringFormatter.Format(f, list, Version) : NoSuchOverload());
                yield return Overload.Of("strings_quote", "strings.quote", false, s, a => a is string x ? Quote(x) : NoSuchOverload());
            }
            // join is in every version; version 2 only changed how non-string elements are rejected.
            yield return Overload.Of("list_join", "join", true, CelType.List, a => Join(a, "", Version));
            yield return Overload.Of("list_join_string", "join", true, CelType.List, s, (a, b) => b is string sep ? Join(a, sep, Version) : NoSuchOverload());
            if (Version >= 3)
                yield return Overload.Of("string_reverse", "reverse", true, s, a => a is string x ? Reverse(x) : NoSuchOverload());
        }
    }

    private static object Str(object a, object b, Func<string, long, object> f) => a is string x && b is long n ? f(x, n) : NoSuchOverload();

    internal static object CharAt(string str, long index)
    {
        var cps = CodePoints(str);
        if (index < 0 || index > cps.Length) return Error($"index out of range: {index}");
        return index == cps.Length ? "" : char.ConvertFromUtf32(cps[index]);
    }

    internal static object IndexOf(string str, string sub, long offset)
    {
        if (sub.Length == 0) return offset;
        var runes = CodePoints(str);
        var subRunes = CodePoints(sub);
        if (offset < 0 || offset >= runes.Length) return Error($"index out of range: {offset}");
        for (var i = (int)offset; i < runes.Length - (subRunes.Length - 1); i++)
            if (runes.AsSpan(i, subRunes.Length).SequenceEqual(subRunes)) return (long)i;
        return -1L;
    }

    internal static object LastIndexOf(string str, string sub)
    {
        var runes = CodePoints(str);
        if (sub.Length == 0) return (long)runes.Length;
        // cel-go answers -1 (not an index error) when the string is shorter than the search string, e.g. ''.lastIndexOf('@@').
        if (runes.Length < CodePoints(sub).Length) return -1L;
        return LastIndexOf(str, sub, runes.Length - 1);
    }

    internal static object LastIndexOf(string str, string sub, long offset)
    {
        if (sub.Length == 0) return offset;
        var runes = CodePoints(str);
        var subRunes = CodePoints(sub);
        if (offset < 0 || offset >= runes.Length) return Error($"index out of range: {offset}");
        var off = (int)Math.Min(offset, runes.Length - subRunes.Length);
        for (var i = off; i >= 0; i--)
            if (runes.AsSpan(i, subRunes.Length).SequenceEqual(subRunes)) return (long)i;
        return -1L;
    }

    internal static string MapAscii(string str, bool upper)
    {
        var chars = str.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            if (upper && c is >= 'a' and <= 'z') chars[i] = (char)(c - 32);
            else if (!upper && c is >= 'A' and <= 'Z') chars[i] = (char)(c + 32);
        }
        return new string(chars);
    }

    /// <summary>Replace, unless its result would pass <see cref="EvaluationLimits.MaxSize"/> (counted before it is built).</summary>
    private static object BoundedReplace(string str, string old, string replacement, long n)
    {
        if (replacement.Length > old.Length)
        {
            long count = 0;
            if (old.Length == 0) count = str.EnumerateRunes().LongCount() + 1;
            else for (var at = str.IndexOf(old, StringComparison.Ordinal); at >= 0; at = str.IndexOf(old, at + old.Length, StringComparison.Ordinal)) count++;
            if (n >= 0) count = Math.Min(count, n);
            if (str.Length + count * (replacement.Length - old.Length) > EvaluationLimits.MaxSize) return EvaluationLimits.Exceeded;
        }
        return Replace(str, old, replacement, n);
    }

    /// <summary>Go's strings.Replace: n &lt; 0 replaces all; an empty search string matches before every code point and at the end.</summary>
    internal static string Replace(string str, string old, string replacement, long n)
    {
        if (n == 0 || old == replacement && old.Length > 0) return str;
        var sb = new StringBuilder(str.Length);
        long done = 0;
        if (old.Length == 0)
        {
            var pos = 0;
            foreach (var r in str.EnumerateRunes())
            {
                if (n < 0 || done < n) { sb.Append(replacement); done++; }
                sb.Append(str, pos, r.Utf16SequenceLength);
                pos += r.Utf16SequenceLength;
            }
            if (n < 0 || done < n) sb.Append(replacement);
            return sb.ToString();
        }
        var start = 0;
        while (n < 0 || done < n)
        {
            var at = str.IndexOf(old, start, StringComparison.Ordinal);
            if (at < 0) break;
            sb.Append(str, start, at - start).Append(replacement);
            start = at + old.Length;
            done++;
        }
        sb.Append(str, start, str.Length - start);
        return sb.ToString();
    }

    /// <summary>Go's strings.SplitN: n == 0 gives no parts, n &lt; 0 all parts; an empty separator splits into code points.</summary>
    internal static IReadOnlyList<object> Split(string str, string sep, long n)
    {
        var parts = new List<object>();
        if (n == 0) return parts;
        if (sep.Length == 0)
        {
            var runes = CodePoints(str);
            var count = n < 0 || n > runes.Length ? runes.Length : (int)n;
            for (var k = 0; k < count - 1; k++) parts.Add(char.ConvertFromUtf32(runes[k]));
            if (count > 0) parts.Add(FromCodePoints(runes.AsSpan(count - 1)));
            return parts;
        }
        var start = 0;
        while (n < 0 || parts.Count < n - 1)
        {
            var at = str.IndexOf(sep, start, StringComparison.Ordinal);
            if (at < 0) break;
            parts.Add(str[start..at]);
            start = at + sep.Length;
        }
        parts.Add(str[start..]);
        return parts;
    }

    internal static object Substring(string str, long start)
    {
        var runes = CodePoints(str);
        if (start < 0 || start > runes.Length) return Error($"index out of range: {start}");
        return FromCodePoints(runes.AsSpan((int)start));
    }

    internal static object Substring(string str, long start, long end)
    {
        var runes = CodePoints(str);
        if (start > end) return Error($"invalid substring range. start: {start}, end: {end}");
        if (start < 0 || start > runes.Length) return Error($"index out of range: {start}");
        if (end < 0 || end > runes.Length) return Error($"index out of range: {end}");
        return FromCodePoints(runes.AsSpan((int)start, (int)(end - start)));
    }

    /// <summary>Go's unicode.IsSpace: Latin-1 spaces plus the Unicode White_Space property (not the zero-width characters).</summary>
    internal static bool IsGoSpace(int cp) => cp switch
    {
        '\t' or '\n' or '\v' or '\f' or '\r' or ' ' or 0x85 or 0xA0 or 0x1680 or 0x2028 or 0x2029 or 0x202F or 0x205F or 0x3000 => true,
        >= 0x2000 and <= 0x200A => true,
        _ => false,
    };

    internal static string Trim(string str)
    {
        var runes = CodePoints(str);
        var a = 0;
        var b = runes.Length;
        while (a < b && IsGoSpace(runes[a])) a++;
        while (b > a && IsGoSpace(runes[b - 1])) b--;
        return FromCodePoints(runes.AsSpan(a, b - a));
    }

    internal static object Join(object list, string sep, uint version = 2)
    {
        if (list is not IReadOnlyList<object> items) return NoSuchOverload();
        var sb = new StringBuilder();
        for (var k = 0; k < items.Count; k++)
        {
            if (items[k] is not string s)
                return Error(version >= 2
                    ? $"join: invalid input: {Describe(items[k])}"
                    : $"type conversion error from '{CelValue.TypeOf(items[k]).Name}' to 'string'");
            if (k > 0) sb.Append(sep);
            sb.Append(s);
            if (sb.Length > EvaluationLimits.MaxSize) return EvaluationLimits.Exceeded;
        }
        return sb.ToString();
    }

    /// <summary>strings.quote: a double-quoted CEL string literal with the escapes CEL knows; other characters verbatim.</summary>
    internal static string Quote(string str)
    {
        var sb = new StringBuilder(str.Length + 2).Append('"');
        foreach (var r in str.EnumerateRunes())
        {
            switch (r.Value)
            {
                case '\a': sb.Append("\\a"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\v': sb.Append("\\v"); break;
                case '\\': sb.Append("\\\\"); break;
                case '"': sb.Append("\\\""); break;
                default: sb.Append(r.ToString()); break;
            }
        }
        return sb.Append('"').ToString();
    }

    internal static string Reverse(string str)
    {
        var runes = CodePoints(str);
        Array.Reverse(runes);
        return FromCodePoints(runes);
    }

    private static string Describe(object value) => value switch
    {
        long or ulong or double or bool => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!.ToLowerInvariant(),
        _ => value.ToString() ?? "",
    };
}
