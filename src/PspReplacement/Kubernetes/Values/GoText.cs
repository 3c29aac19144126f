using System.Globalization;
using System.Text;

namespace PspReplacement.Kubernetes.Values;

/// <summary>Go's text forms of the values the apiserver decodes: JSON numbers, RFC 3339 times, durations, base64.</summary>
public static class GoText
{
    /// <summary>A float64 as encoding/json writes it (<see cref="Yaml.GoFloat.JsonText"/>).</summary>
    public static string JsonNumber(double value) => Yaml.GoFloat.JsonText(value);

    public const string Rfc3339Layout = "2006-01-02T15:04:05Z07:00";

    /// <summary>time.Parse(time.RFC3339, text): fractional seconds allowed, a zone of Z or ±hh:mm.</summary>
    public static bool TryParseRfc3339(string text, out DateTimeOffset time, out string error)
    {
        time = default;
        error = $"parsing time \"{text}\" as \"{Rfc3339Layout}\": cannot parse \"{text}\" as \"{Rfc3339Layout}\"";
        var formats = new[] { "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK" };
        if (text.Length < 20 || text[10] != 'T' || !(text.EndsWith('Z') || text[^6] is '+' or '-')) return false;
        // Go accepts any number of fractional digits; .NET up to seven: trim the rest (it only loses sub-100ns).
        var normalized = text;
        var dot = text.IndexOf('.', 19);
        if (dot == 19)
        {
            var end = dot + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end])) end++;
            if (end == dot + 1) return false;
            normalized = text[..Math.Min(end, dot + 8)] + text[end..];
        }
        if (!DateTimeOffset.TryParseExact(normalized, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out time)) return false;
        error = "";
        return true;
    }

    /// <summary>metav1.Time as JSON: UTC, seconds precision.</summary>
    public static string Rfc3339(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>metav1.MicroTime as JSON: UTC, six fractional digits.</summary>
    public static string Rfc3339Micro(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>time.ParseDuration: a sequence of decimal numbers with units ns, us (µs), ms, s, m, h; in nanoseconds.</summary>
    public static bool TryParseDuration(string text, out long nanoseconds, out string error)
    {
        nanoseconds = 0;
        error = $"time: invalid duration \"{text}\"";
        var s = text;
        var negative = false;
        if (s.Length > 0 && s[0] is '-' or '+') { negative = s[0] == '-'; s = s[1..]; }
        if (s == "0") return Done(out error);
        if (s.Length == 0) return false;
        decimal total = 0;
        while (s.Length > 0)
        {
            var i = 0;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.')) i++;
            if (i == 0 || !decimal.TryParse(s[..i], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)) return false;
            s = s[i..];
            var u = 0;
            while (u < s.Length && !(char.IsAsciiDigit(s[u]) || s[u] == '.')) u++;
            if (u == 0) { error = $"time: missing unit in duration \"{text}\""; return false; }
            decimal? unit = s[..u] switch
            {
                "ns" => 1m, "us" or "µs" or "μs" => 1_000m, "ms" => 1_000_000m, "s" => 1_000_000_000m, "m" => 60_000_000_000m, "h" => 3_600_000_000_000m, _ => null,
            };
            if (unit is null) { error = $"time: unknown unit \"{s[..u]}\" in duration \"{text}\""; return false; }
            total += amount * unit.Value;
            if (total > long.MaxValue) return false;
            s = s[u..];
        }
        nanoseconds = (long)decimal.Truncate(negative ? -total : total);
        return Done(out error);
    }

    /// <summary>time.Duration.String(): "1h2m3.5s", "1.5ms", "0s".</summary>
    public static string Duration(long nanoseconds)
    {
        if (nanoseconds == 0) return "0s";
        var negative = nanoseconds < 0;
        var u = negative ? (ulong)(-(nanoseconds + 1)) + 1 : (ulong)nanoseconds;
        var sb = new StringBuilder();
        if (u < 1_000_000_000UL)
        {
            // Under a second: one unit with a fraction.
            var (unit, size) = u < 1_000UL ? ("ns", 1UL) : u < 1_000_000UL ? ("µs", 1_000UL) : ("ms", 1_000_000UL);
            sb.Append(Fraction(u, size)).Append(unit);
        }
        else
        {
            var hours = u / 3_600_000_000_000UL;
            var rest = u % 3_600_000_000_000UL;
            var minutes = rest / 60_000_000_000UL;
            rest %= 60_000_000_000UL;
            if (hours > 0) sb.Append(hours).Append('h');
            if (hours > 0 || minutes > 0) sb.Append(minutes).Append('m');
            sb.Append(Fraction(rest, 1_000_000_000UL)).Append('s');
        }
        return (negative ? "-" : "") + sb;
    }

    private static string Fraction(ulong value, ulong unit)
    {
        var whole = value / unit;
        var frac = value % unit;
        if (frac == 0) return whole.ToString(CultureInfo.InvariantCulture);
        var digits = unit.ToString(CultureInfo.InvariantCulture).Length - 1;
        return whole.ToString(CultureInfo.InvariantCulture) + "." + frac.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0').TrimEnd('0');
    }

    /// <summary>base64.StdEncoding.Decode as encoding/json applies it to []byte: padding required, CR and LF skipped.</summary>
    public static bool TryDecodeBase64(string text, out byte[] bytes, out string error)
    {
        bytes = [];
        error = "";
        var clean = new StringBuilder(text.Length);
        var positions = new List<int>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is '\r' or '\n') continue;
            clean.Append(text[i]);
            positions.Add(i);
        }
        var s = clean.ToString();
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            var valid = char.IsAsciiLetterOrDigit(c) || c is '+' or '/' || (c == '=' && i >= s.Length - 2 && s.Length % 4 == 0 && s[(i + 1)..].All(p => p == '='));
            if (!valid) { error = $"illegal base64 data at input byte {(i < positions.Count ? positions[i] : text.Length)}"; return false; }
        }
        if (s.Length % 4 != 0) { error = $"illegal base64 data at input byte {text.Length - (s.Length % 4 == 1 ? 1 : 0)}"; return false; }
        bytes = Convert.FromBase64String(s);
        return true;
    }

    private static bool Done(out string error) { error = ""; return true; }
}
