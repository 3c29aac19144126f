using System.Globalization;
using PspReplacement.Cel.Runtime;
using static PspReplacement.Cel.Libraries.LibraryValues;

namespace PspReplacement.Cel.Libraries;

/// <summary>A semantic version as blang/semver v4 parses it (build metadata kept but ignored when comparing).</summary>
public sealed class CelSemver(ulong major, ulong minor, ulong patch, IReadOnlyList<string> pre, IReadOnlyList<string> build) : ICelOpaque, IEquatable<CelSemver>
{
    public static readonly CelType CelTypeValue = new("kubernetes.Semver");
    public CelType Type => CelTypeValue;
    public ulong Major { get; } = major;
    public ulong Minor { get; } = minor;
    public ulong Patch { get; } = patch;
    public IReadOnlyList<string> Pre { get; } = pre;
    public IReadOnlyList<string> Build { get; } = build;

    public int CompareTo(CelSemver o)
    {
        var c = Major.CompareTo(o.Major);
        if (c == 0) c = Minor.CompareTo(o.Minor);
        if (c == 0) c = Patch.CompareTo(o.Patch);
        if (c != 0) return Math.Sign(c);
        if (Pre.Count == 0 || o.Pre.Count == 0) return Pre.Count == 0 ? (o.Pre.Count == 0 ? 0 : 1) : -1;
        for (var k = 0; k < Math.Min(Pre.Count, o.Pre.Count); k++)
        {
            var a = Pre[k];
            var b = o.Pre[k];
            var an = a.All(char.IsAsciiDigit);
            var bn = b.All(char.IsAsciiDigit);
            c = an && bn ? ulong.Parse(a, CultureInfo.InvariantCulture).CompareTo(ulong.Parse(b, CultureInfo.InvariantCulture))
                : an ? -1 : bn ? 1 : string.CompareOrdinal(a, b);
            if (c != 0) return Math.Sign(c);
        }
        return Pre.Count.CompareTo(o.Pre.Count);
    }

    public bool Equals(CelSemver? other) => other is not null && CompareTo(other) == 0;
    public override bool Equals(object? obj) => obj is CelSemver s && Equals(s);
    public override int GetHashCode() => HashCode.Combine(Major, Minor, Patch, string.Join('.', Pre));
    public override string ToString() =>
        $"{Major}.{Minor}.{Patch}" + (Pre.Count > 0 ? "-" + string.Join('.', Pre) : "") + (Build.Count > 0 ? "+" + string.Join('.', Build) : "");
}

/// <summary>Kubernetes' semver library (k8s.io/apiserver pkg/cel/library/semverlib.go, version 1, from 1.33).</summary>
public sealed class SemverLibrary : ICelLibrary
{
    public string Name => "semver";
    public IEnumerable<CelType> Types => [CelSemver.CelTypeValue];

    public IEnumerable<Overload> Overloads
    {
        get
        {
            var v = CelSemver.CelTypeValue;
            yield return Overload.Of("string_to_semver", "semver", false, CelType.String, a => a is string s ? Parse(s, false) : NoSuchOverload());
            yield return Overload.Of("string_bool_to_semver", "semver", false, CelType.String, CelType.Bool, (a, b) => a is string s && b is bool n ? Parse(s, n) : NoSuchOverload());
            yield return Overload.Of("is_semver_string", "isSemver", false, CelType.String, a => a is string s ? CelValue.Bool(Parse(s, false) is CelSemver) : NoSuchOverload());
            yield return Overload.Of("is_semver_string_bool", "isSemver", false, CelType.String, CelType.Bool, (a, b) => a is string s && b is bool n ? CelValue.Bool(Parse(s, n) is CelSemver) : NoSuchOverload());
            yield return Overload.Of("semver_is_greater_than", "isGreaterThan", true, v, v, (a, b) => Cmp(a, b, c => CelValue.Bool(c == 1)));
            yield return Overload.Of("semver_is_less_than", "isLessThan", true, v, v, (a, b) => Cmp(a, b, c => CelValue.Bool(c == -1)));
            yield return Overload.Of("semver_compare_to", "compareTo", true, v, v, (a, b) => Cmp(a, b, c => (long)c));
            yield return Overload.Of("semver_major", "major", true, v, a => a is CelSemver x ? unchecked((long)x.Major) : NoSuchOverload());
            yield return Overload.Of("semver_minor", "minor", true, v, a => a is CelSemver x ? unchecked((long)x.Minor) : NoSuchOverload());
            yield return Overload.Of("semver_patch", "patch", true, v, a => a is CelSemver x ? unchecked((long)x.Patch) : NoSuchOverload());
        }
    }

    private static object Cmp(object a, object b, Func<int, object> f) => a is CelSemver x && b is CelSemver y ? f(x.CompareTo(y)) : NoSuchOverload();

    internal static object Parse(string s, bool normalize)
    {
        if (normalize)
        {
            // Kubernetes' normalizeAndParse: drop a "v", strip leading zeros, fill in a missing minor and patch.
            if (s.StartsWith('v')) s = s[1..];
            var parts = s.Split('.', 3).ToList();
            for (var k = 0; k < parts.Count; k++)
            {
                var p = parts[k];
                if (p.Length <= 1) continue;
                p = p.TrimStart('0');
                if (p.Length == 0 || !char.IsAsciiDigit(p[0])) p = "0" + p;
                parts[k] = p;
            }
            if (parts.Count < 3)
            {
                if (parts[^1].AsSpan().IndexOfAny('+', '-') >= 0) return Error("short version cannot contain PreRelease/Build meta data");
                while (parts.Count < 3) parts.Add("0");
            }
            s = string.Join('.', parts);
        }
        return ParseStrict(s);
    }

    /// <summary>blang/semver v4 Parse, with its error texts.</summary>
    private static object ParseStrict(string s)
    {
        if (s.Length == 0) return Error("Version string empty");
        var parts = s.Split('.', 3);
        if (parts.Length != 3) return Error("No Major.Minor.Patch elements found");
        if (Number(parts[0], "major", "Major") is var major && major is CelError) return major;
        if (Number(parts[1], "minor", "Minor") is var minor && minor is CelError) return minor;
        var patchText = parts[2];
        var build = new List<string>();
        var pre = new List<string>();
        var plus = patchText.IndexOf('+');
        if (plus >= 0) { build.AddRange(patchText[(plus + 1)..].Split('.')); patchText = patchText[..plus]; }
        var dash = patchText.IndexOf('-');
        if (dash >= 0) { pre.AddRange(patchText[(dash + 1)..].Split('.')); patchText = patchText[..dash]; }
        if (Number(patchText, "patch", "Patch") is var patch && patch is CelError) return patch;
        foreach (var p in pre)
        {
            if (p.Length == 0) return Error("Prerelease is empty");
            var numeric = p.All(char.IsAsciiDigit);
            if (numeric && p.Length > 1 && p[0] == '0') return Error($"Numeric PreRelease version must not contain leading zeroes \"{p}\"");
            if (!numeric && !p.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')) return Error($"Invalid character(s) found in prerelease \"{p}\"");
        }
        foreach (var b in build)
        {
            if (b.Length == 0) return Error("Build meta data is empty");
            if (!b.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')) return Error($"Invalid character(s) found in build meta data \"{b}\"");
        }
        return new CelSemver((ulong)major, (ulong)minor, (ulong)patch, pre, build);
    }

    private static object Number(string text, string lower, string title)
    {
        if (!text.All(char.IsAsciiDigit)) return Error($"Invalid character(s) found in {lower} number \"{text}\"");
        if (text.Length > 1 && text[0] == '0') return Error($"{title} number must not contain leading zeroes \"{text}\"");
        if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            return Error($"strconv.ParseUint: parsing \"{text}\": {(text.Length == 0 ? "invalid syntax" : "value out of range")}");
        return n;
    }
}
