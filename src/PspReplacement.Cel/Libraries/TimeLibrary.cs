using PspReplacement.Cel.Runtime;

namespace PspReplacement.Cel.Libraries;

/// <summary>
/// duration() and timestamp() conversions and the accessors (getFullYear, getHours, ...). Timestamp accessors take
/// an optional time zone: an IANA name or a fixed offset such as "+05:30"; without one they use UTC (Kubernetes sets
/// cel-go's DefaultUTCTimeZone). Month, day of month, day of week and day of year count from 0; getDate from 1.
/// </summary>
public sealed class TimeLibrary : ICelLibrary
{
    public static readonly TimeLibrary Instance = new();

    public string Name => "time";

    public IEnumerable<Overload> Overloads
    {
        get
        {
            var dyn = CelType.Dyn;
            var ts = CelType.Timestamp;
            var str = CelType.String;
            yield return Overload.Of("duration", "duration", false, dyn, v => v switch
            {
                CelDuration => v,
                string s => TimeValues.ParseDuration(s),
                _ => CelErrors.NoSuchOverload("duration", v),
            });
            yield return Overload.Of("timestamp", "timestamp", false, dyn, v => v switch
            {
                CelTimestamp => v,
                string s => TimeValues.ParseTimestamp(s),
                long seconds => TimeValues.TimestampFromNanos((Int128)seconds * 1_000_000_000),
                _ => CelErrors.NoSuchOverload("timestamp", v),
            });

            foreach (var (name, part) in TimestampParts)
            {
                yield return Overload.Of($"timestamp_{name}", name, true, ts, t => Part((CelTimestamp)t, null, part));
                yield return Overload.Of($"timestamp_{name}_with_tz", name, true, ts, str, (t, z) => Part((CelTimestamp)t, (string)z, part));
            }
            var d = CelType.Duration;
            yield return Overload.Of("duration_to_hours", "getHours", true, d, v => (long)(TimeValues.TotalNanos((CelDuration)v) / 3_600_000_000_000));
            yield return Overload.Of("duration_to_minutes", "getMinutes", true, d, v => (long)(TimeValues.TotalNanos((CelDuration)v) / 60_000_000_000));
            yield return Overload.Of("duration_to_seconds", "getSeconds", true, d, v => (long)(TimeValues.TotalNanos((CelDuration)v) / 1_000_000_000));
            yield return Overload.Of("duration_to_milliseconds", "getMilliseconds", true, d, v => (long)(TimeValues.TotalNanos((CelDuration)v) / 1_000_000 % 1000));
        }
    }

    private static readonly (string Name, Func<DateTime, int, long> Part)[] TimestampParts =
    [
        ("getFullYear", (t, _) => t.Year),
        ("getMonth", (t, _) => t.Month - 1),
        ("getDate", (t, _) => t.Day),
        ("getDayOfMonth", (t, _) => t.Day - 1),
        ("getDayOfWeek", (t, _) => (long)t.DayOfWeek),
        ("getDayOfYear", (t, _) => t.DayOfYear - 1),
        ("getHours", (t, _) => t.Hour),
        ("getMinutes", (t, _) => t.Minute),
        ("getSeconds", (t, _) => t.Second),
        ("getMilliseconds", (_, nanos) => nanos / 1_000_000),
    ];

    private static object Part(CelTimestamp t, string? zone, Func<DateTime, int, long> part) =>
        TimeValues.TryLocalTime(t, zone, out var local, out var error) ? part(local, t.Nanos) : error!;
}
