using System.Globalization;
using System.Text;

namespace PspReplacement.Cel.Runtime;

/// <summary>
/// Durations and timestamps with cel-go's rules: durations in Go syntax ("1h30m", "-1.5s") within the protobuf range
/// (±315,576,000,000 s); timestamps in RFC 3339 between year 1 and 9999 (UTC).
/// </summary>
public static class TimeValues
{
    public const long MaxDurationSeconds = 315_576_000_000;
    private const long NanosPerSecond = 1_000_000_000;
    /// <summary>0001-01-01T00:00:00Z in Unix seconds.</summary>
    public const long MinTimestampSeconds = -62_135_596_800;
    /// <summary>9999-12-31T23:59:59Z in Unix seconds.</summary>
    public const long MaxTimestampSeconds = 253_402_300_799;

    public static CelError RangeError(string what) => new($"{what} out of range");

    public static Int128 TotalNanos(CelDuration d) => (Int128)d.Seconds * NanosPerSecond + d.Nanos;

    /// <summary>A duration from nanoseconds, or an error outside the protobuf duration range.</summary>
    public static object DurationFromNanos(Int128 nanos)
    {
        var seconds = nanos / NanosPerSecond;
        if (seconds > MaxDurationSeconds || seconds < -MaxDurationSeconds) return RangeError("duration");
        return new CelDuration((long)seconds, (int)(nanos % NanosPerSecond));
    }

    public static object TimestampFromNanos(Int128 nanos)
    {
        var seconds = nanos / NanosPerSecond;
        var rest = (int)(nanos % NanosPerSecond);
        if (rest < 0) { seconds -= 1; rest += (int)NanosPerSecond; }
        if (seconds < MinTimestampSeconds || seconds > MaxTimestampSeconds) return RangeError("timestamp");
        return new CelTimestamp((long)seconds, rest);
    }

    public static Int128 TotalNanos(CelTimestamp t) => (Int128)t.Seconds * NanosPerSecond + t.Nanos;

    public static CelTimestamp FromDateTimeOffset(DateTimeOffset dto)
    {
        var ticks = dto.UtcTicks - DateTime.UnixEpoch.Ticks;
        var seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var remTicks);
        if (remTicks < 0) { seconds -= 1; remTicks += TimeSpan.TicksPerSecond; }
        return new CelTimestamp(seconds, (int)(remTicks * 100));
    }

    public static CelDuration FromTimeSpan(TimeSpan ts)
    {
        var seconds = Math.DivRem(ts.Ticks, TimeSpan.TicksPerSecond, out var rem);
        return new CelDuration(seconds, (int)(rem * 100));
    }

    /// <summary>Parses Go duration syntax: an optional sign and one or more decimal numbers with units ns, us, µs, ms, s, m, h.</summary>
    public static object ParseDuration(string text)
    {
        var s = text.AsSpan();
        var negative = false;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+')) { negative = s[0] == '-'; s = s[1..]; }
        if (s.SequenceEqual("0")) return new CelDuration(0, 0);
        if (s.IsEmpty) return InvalidDuration(text);
        Int128 total = 0;
        while (!s.IsEmpty)
        {
            var i = 0;
            Int128 whole = 0;
            var digits = 0;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                whole = whole * 10 + (s[i] - '0');
                if (whole > (Int128)MaxDurationSeconds * 3600 * NanosPerSecond) return RangeError("duration");
                i++; digits++;
            }
            Int128 frac = 0, scale = 1;
            if (i < s.Length && s[i] == '.')
            {
                i++;
                while (i < s.Length && char.IsAsciiDigit(s[i]))
                {
                    if (scale < (Int128)1_000_000_000_000_000_000) { frac = frac * 10 + (s[i] - '0'); scale *= 10; }
                    i++; digits++;
                }
            }
            if (digits == 0) return InvalidDuration(text);
            var unitStart = i;
            while (i < s.Length && !char.IsAsciiDigit(s[i]) && s[i] != '.') i++;
            long unitNanos = s[unitStart..i] switch
            {
                "ns" => 1,
                "us" or "µs" or "μs" => 1_000,
                "ms" => 1_000_000,
                "s" => NanosPerSecond,
                "m" => 60 * NanosPerSecond,
                "h" => 3600 * NanosPerSecond,
                _ => 0,
            };
            if (unitNanos == 0) return InvalidDuration(text);
            total += whole * unitNanos + frac * unitNanos / scale;
            if (total > (Int128)(MaxDurationSeconds + 1) * NanosPerSecond) return RangeError("duration");
            s = s[i..];
        }
        return DurationFromNanos(negative ? -total : total);
    }

    private static CelError InvalidDuration(string text) => new($"invalid duration \"{text}\"");

    /// <summary>As cel-go prints a duration: seconds with the fraction it needs and an "s" suffix ("1.5s", "-3600s").</summary>
    public static string FormatDuration(CelDuration d)
    {
        var nanos = TotalNanos(d);
        var sb = new StringBuilder();
        if (nanos < 0) { sb.Append('-'); nanos = -nanos; }
        var seconds = nanos / NanosPerSecond;
        var frac = (long)(nanos % NanosPerSecond);
        sb.Append(seconds.ToString(CultureInfo.InvariantCulture));
        if (frac != 0) sb.Append('.').Append(frac.ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0'));
        return sb.Append('s').ToString();
    }

    /// <summary>Parses RFC 3339 ("2009-02-13T23:31:30Z", "2009-02-13T23:31:30.5+01:00"); years 1 to 9999.</summary>
    public static object ParseTimestamp(string text)
    {
        var s = text.AsSpan();
        // yyyy-MM-ddTHH:mm:ss
        var yearDigits = 0;
        while (yearDigits < s.Length && char.IsAsciiDigit(s[yearDigits])) yearDigits++;
        if (yearDigits > 4 && s.Length > yearDigits && s[yearDigits] == '-') return RangeError("timestamp");
        if (s.Length < 20 || yearDigits != 4 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't') || s[13] != ':' || s[16] != ':')
            return InvalidTimestamp(text);
        if (!TryDigits(s, 0, 4, out var year) || !TryDigits(s, 5, 2, out var month) || !TryDigits(s, 8, 2, out var day)
            || !TryDigits(s, 11, 2, out var hour) || !TryDigits(s, 14, 2, out var minute) || !TryDigits(s, 17, 2, out var second))
            return InvalidTimestamp(text);
        var i = 19;
        long nanos = 0;
        if (s[i] == '.')
        {
            i++;
            var start = i;
            long scale = 100_000_000;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                nanos += (s[i] - '0') * scale;
                scale /= 10;
                i++;
                if (i - start > 9) return InvalidTimestamp(text);
            }
            if (i == start) return InvalidTimestamp(text);
        }
        if (i >= s.Length) return InvalidTimestamp(text);
        long offsetSeconds = 0;
        if (s[i] == 'Z' || s[i] == 'z') { i++; }
        else if (s[i] == '+' || s[i] == '-')
        {
            if (s.Length - i != 6 || s[i + 3] != ':' || !TryDigits(s, i + 1, 2, out var oh) || !TryDigits(s, i + 4, 2, out var om) || oh > 23 || om > 59)
                return InvalidTimestamp(text);
            offsetSeconds = (oh * 3600 + om * 60) * (s[i] == '-' ? -1 : 1);
            i += 6;
        }
        else return InvalidTimestamp(text);
        if (i != s.Length) return InvalidTimestamp(text);
        if (year < 1) return RangeError("timestamp");
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
            return InvalidTimestamp(text);
        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc);
        var seconds = (local.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerSecond - offsetSeconds;
        if (seconds < MinTimestampSeconds || seconds > MaxTimestampSeconds) return RangeError("timestamp");
        return new CelTimestamp(seconds, (int)nanos);
    }

    private static bool TryDigits(ReadOnlySpan<char> s, int start, int count, out int value)
    {
        value = 0;
        if (start + count > s.Length) return false;
        for (var i = start; i < start + count; i++)
        {
            if (!char.IsAsciiDigit(s[i])) return false;
            value = value * 10 + (s[i] - '0');
        }
        return true;
    }

    private static CelError InvalidTimestamp(string text) => new($"invalid timestamp \"{text}\"");

    /// <summary>RFC 3339 in UTC with as many fraction digits as needed, as Go's time.RFC3339Nano.</summary>
    public static string FormatTimestamp(CelTimestamp t)
    {
        var dt = DateTime.UnixEpoch.AddSeconds(t.Seconds);
        var sb = new StringBuilder(dt.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
        if (t.Nanos != 0) sb.Append('.').Append(t.Nanos.ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0'));
        return sb.Append('Z').ToString();
    }

    /// <summary>The wall-clock date and time of a timestamp in a time zone: an IANA name ("Australia/Sydney", "UTC") or an offset ("+11:00", "-02:30", "02:00").</summary>
    public static bool TryLocalTime(CelTimestamp t, string? zone, out DateTime local, out CelError? error)
    {
        var utc = DateTime.UnixEpoch.AddSeconds(t.Seconds).AddTicks(t.Nanos / 100);
        error = null;
        local = utc;
        if (zone is null) return true;
        if (TryParseOffset(zone, out var offset))
        {
            local = utc + offset;
            return true;
        }
        if (TimeZoneInfo.TryFindSystemTimeZoneById(zone, out var tz))
        {
            local = TimeZoneInfo.ConvertTimeFromUtc(utc, tz);
            return true;
        }
        error = new CelError($"invalid time zone '{zone}'");
        return false;
    }

    private static bool TryParseOffset(string zone, out TimeSpan offset)
    {
        offset = default;
        var s = zone.AsSpan();
        var sign = 1;
        if (s.Length > 0 && (s[0] == '+' || s[0] == '-')) { sign = s[0] == '-' ? -1 : 1; s = s[1..]; }
        if (s.Length != 5 || s[2] != ':' || !TryDigits(s, 0, 2, out var h) || !TryDigits(s, 3, 2, out var m) || m > 59) return false;
        offset = TimeSpan.FromMinutes(sign * (h * 60 + m));
        return true;
    }
}
