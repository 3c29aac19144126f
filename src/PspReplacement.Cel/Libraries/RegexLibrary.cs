using PspReplacement.Cel.Runtime;
using static PspReplacement.Cel.Libraries.LibraryValues;

namespace PspReplacement.Cel.Libraries;

/// <summary>
/// Kubernetes' regex library (k8s.io/apiserver pkg/cel/library/regex.go): find and findAll with RE2 patterns.
/// The standard matches() lives in the runtime's standard library and should compile its pattern with <see cref="Re2.Compile"/>.
/// </summary>
public sealed class RegexLibrary : ICelLibrary
{
    public string Name => "regex";

    public IEnumerable<Overload> Overloads =>
    [
        Overload.Of("string_find_string", "find", true, CelType.String, CelType.String, (a, b) => a is string s && b is string re ? Find(s, re) : NoSuchOverload()),
        Overload.Of("string_find_all_string", "findAll", true, CelType.String, CelType.String, (a, b) => a is string s && b is string re ? FindAll(s, re, -1) : NoSuchOverload()),
        Overload.Of("string_find_all_string_int", "findAll", true, CelType.String, CelType.String, CelType.Int, (a, b, c) =>
            a is string s && b is string re && c is long n ? FindAll(s, re, n) : NoSuchOverload()),
    ];

    /// <summary>The leftmost match, or "" when there is none.</summary>
    internal static object Find(string s, string pattern)
    {
        var re = Re2.Compile(pattern, out var error);
        if (re is null) return Error(error!);
        var m = re.Match(s);
        return m.Success ? m.Value : "";
    }

    /// <summary>Go's FindAllString: at most limit matches (all when negative); no empty match right after a previous match.</summary>
    internal static object FindAll(string s, string pattern, long limit)
    {
        var re = Re2.Compile(pattern, out var error);
        if (re is null) return Error(error!);
        var result = new List<object>();
        if (limit < 0) limit = long.MaxValue;
        var pos = 0;
        var prevEnd = -1;
        while (result.Count < limit && pos <= s.Length)
        {
            var m = re.Match(s, pos);
            if (!m.Success) break;
            var end = m.Index + m.Length;
            var accept = true;
            if (end == pos)
            {
                if (m.Index == prevEnd) accept = false;
                pos += pos < s.Length && char.IsHighSurrogate(s[pos]) && pos + 1 < s.Length ? 2 : 1;
            }
            else pos = end;
            prevEnd = end;
            if (accept) result.Add(m.Value);
        }
        return result;
    }
}
