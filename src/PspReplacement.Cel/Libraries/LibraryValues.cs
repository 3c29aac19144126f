using PspReplacement.Cel.Runtime;

namespace PspReplacement.Cel.Libraries;

/// <summary>Small helpers the extension libraries share: cel-go's error texts and code-point access.</summary>
internal static class LibraryValues
{
    /// <summary>cel-go's text when an overload is given arguments of the wrong runtime type.</summary>
    public static CelError NoSuchOverload() => new("no such overload");

    public static CelError Error(string message) => new(message);

    /// <summary>The Unicode code points of a string (CEL indexes strings by code point, not UTF-16 unit).</summary>
    public static int[] CodePoints(string s)
    {
        var result = new List<int>(s.Length);
        foreach (var r in s.EnumerateRunes()) result.Add(r.Value);
        return [.. result];
    }

    public static string FromCodePoints(ReadOnlySpan<int> codePoints)
    {
        var sb = new System.Text.StringBuilder(codePoints.Length);
        foreach (var cp in codePoints) sb.Append(char.ConvertFromUtf32(cp));
        return sb.ToString();
    }
}
