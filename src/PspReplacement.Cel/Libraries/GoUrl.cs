using System.Text;

namespace PspReplacement.Cel.Libraries;

/// <summary>
/// The parts of a URL as Go's net/url parses it. Kubernetes checks a string with url.ParseRequestURI (absolute URL or
/// absolute path, no fragment handling) and then keeps the result of url.Parse (which splits off the fragment).
/// </summary>
public sealed record GoUrl(string Scheme, string Opaque, string Host, string EscapedPath, string RawQuery)
{
    /// <summary>url.ParseRequestURI when <paramref name="viaRequest"/>, url.Parse otherwise. Null and Go's error text on failure.</summary>
    public static GoUrl? Parse(string raw, bool viaRequest, out string? error)
    {
        error = null;
        var original = raw;
        if (!viaRequest)
        {
            var hash = raw.IndexOf('#');
            if (hash >= 0) raw = raw[..hash];
        }
        string Fail(string what) => $"parse \"{original}\": {what}";
        if (raw.Any(c => c < 0x20 || c == 0x7f)) { error = Fail("net/url: invalid control character in URL"); return null; }
        if (raw.Length == 0 && viaRequest) { error = Fail("empty url"); return null; }
        if (raw == "*") return new GoUrl("", "", "", "*", "");

        var scheme = "";
        var rest = raw;
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (char.IsAsciiLetter(c)) continue;
            if (char.IsAsciiDigit(c) || c is '+' or '-' or '.') { if (i == 0) break; continue; }
            if (c == ':')
            {
                if (i == 0) { error = Fail("missing protocol scheme"); return null; }
                scheme = raw[..i].ToLowerInvariant();
                rest = raw[(i + 1)..];
            }
            break;
        }

        var query = "";
        var q = rest.IndexOf('?');
        if (q >= 0) { query = rest[(q + 1)..]; rest = rest[..q]; }

        if (!rest.StartsWith('/'))
        {
            if (scheme.Length > 0) return new GoUrl(scheme, rest, "", "", query);
            if (viaRequest) { error = Fail("invalid URI for request"); return null; }
            var colon = rest.IndexOf(':');
            var slash = rest.IndexOf('/');
            if (colon >= 0 && (slash < 0 || colon < slash)) { error = Fail("first path segment in URL cannot contain colon"); return null; }
        }

        var host = "";
        if ((scheme.Length > 0 || !viaRequest && !rest.StartsWith("///", StringComparison.Ordinal)) && rest.StartsWith("//", StringComparison.Ordinal))
        {
            var authority = rest[2..];
            var end = authority.IndexOf('/');
            rest = end < 0 ? "" : authority[end..];
            if (end >= 0) authority = authority[..end];
            var at = authority.LastIndexOf('@');
            var hostText = at < 0 ? authority : authority[(at + 1)..];
            if (at >= 0 && !authority[..at].All(c => c >= 0x80 || char.IsAsciiLetterOrDigit(c) || "-._:~!$&'()*+,;=%@".Contains(c)))
            {
                error = Fail("net/url: invalid userinfo");
                return null;
            }
            var hostError = ValidateHost(hostText);
            if (hostError is not null) { error = Fail(hostError); return null; }
            host = Unescape(hostText, out var bad) ?? "";
            if (bad is not null) { error = Fail($"invalid URL escape \"{bad}\""); return null; }
        }

        var path = Unescape(rest, out var badPath);
        if (badPath is not null) { error = Fail($"invalid URL escape \"{badPath}\""); return null; }
        var escaped = IsValidEncodedPath(rest) ? rest : EscapePath(path!);
        return new GoUrl(scheme, "", host, escaped, query);
    }

    private static string? ValidateHost(string host)
    {
        foreach (var c in host)
            if (c < 0x80 && !char.IsAsciiLetterOrDigit(c) && !"-._~!$&'()*+,;=:[]<>\"%".Contains(c))
                return $"invalid character \"{c}\" in host name";
        if (host.StartsWith('['))
        {
            var close = host.LastIndexOf(']');
            if (close < 0) return "missing ']' in host";
            var port = host[(close + 1)..];
            if (port.Length > 0 && !(port[0] == ':' && port[1..].All(char.IsAsciiDigit))) return $"invalid port \"{port}\" after host";
            return null;
        }
        var colon = host.LastIndexOf(':');
        if (colon >= 0 && !host[(colon + 1)..].All(char.IsAsciiDigit)) return $"invalid port \"{host[colon..]}\" after host";
        return null;
    }

    /// <summary>Percent-decoding; bad is the first malformed escape, if any.</summary>
    private static string? Unescape(string s, out string? bad)
    {
        bad = null;
        if (!s.Contains('%')) return s;
        var bytes = new List<byte>();
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '%')
            {
                if (i + 2 >= s.Length || !char.IsAsciiHexDigit(s[i + 1]) || !char.IsAsciiHexDigit(s[i + 2]))
                {
                    bad = s.Substring(i, Math.Min(3, s.Length - i));
                    return null;
                }
                bytes.Add(Convert.ToByte(s.Substring(i + 1, 2), 16));
                i += 2;
            }
            else bytes.AddRange(Encoding.UTF8.GetBytes(s[i].ToString()));
        }
        return Encoding.UTF8.GetString([.. bytes]);
    }

    private static bool IsPathChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' or '!' or '$' or '&' or '\'' or '(' or ')' or '*' or '+' or ',' or ';' or '=' or ':' or '@' or '/' or '%';

    private static bool IsValidEncodedPath(string s) => s.All(IsPathChar);

    private static string EscapePath(string path)
    {
        var sb = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(path))
        {
            var c = (char)b;
            if (b < 0x80 && IsPathChar(c) && c != '%') sb.Append(c);
            else sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    /// <summary>url.URL.Hostname: the host without port or IPv6 brackets.</summary>
    public string Hostname
    {
        get
        {
            if (Host.StartsWith('[')) { var close = Host.IndexOf(']'); return close < 0 ? Host[1..] : Host[1..close]; }
            var colon = Host.LastIndexOf(':');
            return colon < 0 ? Host : Host[..colon];
        }
    }

    /// <summary>url.URL.Port: the digits after the host's colon, or "".</summary>
    public string Port
    {
        get
        {
            var colon = Host.LastIndexOf(':');
            if (colon < 0 || Host.StartsWith('[') && Host.LastIndexOf(']') > colon) return "";
            return Host[(colon + 1)..];
        }
    }

    /// <summary>url.ParseQuery: key → values in order; pairs with bad escapes or semicolons are skipped as Go does.</summary>
    public SortedDictionary<string, List<string>> Query()
    {
        var result = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var pair in RawQuery.Split('&'))
        {
            if (pair.Length == 0 || pair.Contains(';')) continue;
            var eq = pair.IndexOf('=');
            var key = QueryUnescape(eq < 0 ? pair : pair[..eq]);
            var value = QueryUnescape(eq < 0 ? "" : pair[(eq + 1)..]);
            if (key is null || value is null) continue;
            if (!result.TryGetValue(key, out var list)) result[key] = list = [];
            list.Add(value);
        }
        return result;
    }

    private static string? QueryUnescape(string s) => Unescape(s.Replace('+', ' '), out var bad) is { } r && bad is null ? r : null;
}
