using PspReplacement.Cel.Runtime;
using static PspReplacement.Cel.Libraries.LibraryValues;

namespace PspReplacement.Cel.Libraries;

/// <summary>A kubernetes.URL value.</summary>
public sealed class CelUrl(GoUrl url, string text) : ICelOpaque, IEquatable<CelUrl>
{
    public static readonly CelType CelTypeValue = new("kubernetes.URL");
    public CelType Type => CelTypeValue;
    public GoUrl Url { get; } = url;
    public string Text { get; } = text;
    public bool Equals(CelUrl? other) => other is not null && other.Url == Url;
    public override bool Equals(object? obj) => obj is CelUrl u && Equals(u);
    public override int GetHashCode() => Url.GetHashCode();
    public override string ToString() => Text;
}

/// <summary>Kubernetes' URL library (k8s.io/apiserver pkg/cel/library/urls.go), in every supported version.</summary>
public sealed class UrlLibrary : ICelLibrary
{
    public string Name => "url";
    public IEnumerable<CelType> Types => [CelUrl.CelTypeValue];

    public IEnumerable<Overload> Overloads
    {
        get
        {
            var u = CelUrl.CelTypeValue;
            yield return Overload.Of("string_to_url", "url", false, CelType.String, a => a is string s ? Parse(s) : NoSuchOverload());
            yield return Overload.Of("is_url_string", "isURL", false, CelType.String, a => a is string s ? CelValue.Bool(GoUrl.Parse(s, viaRequest: true, out _) is not null) : NoSuchOverload());
            yield return Overload.Of("url_get_scheme", "getScheme", true, u, a => Part(a, x => x.Scheme));
            yield return Overload.Of("url_get_host", "getHost", true, u, a => Part(a, x => x.Host));
            yield return Overload.Of("url_get_hostname", "getHostname", true, u, a => Part(a, x => x.Hostname));
            yield return Overload.Of("url_get_port", "getPort", true, u, a => Part(a, x => x.Port));
            yield return Overload.Of("url_get_escaped_path", "getEscapedPath", true, u, a => Part(a, x => x.EscapedPath));
            yield return Overload.Of("url_get_query", "getQuery", true, u, a => a is CelUrl x ? Query(x.Url) : NoSuchOverload());
        }
    }

    /// <summary>Checked with ParseRequestURI (absolute URLs and paths only), kept as url.Parse reads it (fragment split off).</summary>
    internal static object Parse(string s)
    {
        if (GoUrl.Parse(s, viaRequest: true, out var error) is null) return Error($"URL parse error during conversion from string: {error}");
        var url = GoUrl.Parse(s, viaRequest: false, out error);
        return url is null ? Error($"URL parse error during conversion from string: {error}") : new CelUrl(url, s);
    }

    private static object Part(object a, Func<GoUrl, string> f) => a is CelUrl x ? f(x.Url) : NoSuchOverload();

    private static object Query(GoUrl url) =>
        CelMap.FromStringKeys(url.Query().Select(kv => new KeyValuePair<string, object>(kv.Key, (IReadOnlyList<object>)kv.Value.Cast<object>().ToList())));
}
