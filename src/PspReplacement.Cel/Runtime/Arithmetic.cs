namespace PspReplacement.Cel.Runtime;

/// <summary>
/// CEL arithmetic: no implicit conversion between int, uint and double; int64/uint64 overflow and division or modulo
/// by zero are errors; + also concatenates strings, bytes and lists; durations and timestamps add and subtract.
/// </summary>
internal static class Arithmetic
{
    public static object Add(object a, object b) => (a, b) switch
    {
        (long x, long y) => AddInt(x, y),
        (double x, double y) => x + y,
        (string x, string y) => (long)x.Length + y.Length > EvaluationLimits.MaxSize ? EvaluationLimits.Exceeded : string.Concat(x, y),
        (ulong x, ulong y) => x + y < x ? CelErrors.UintOverflow : x + y,
        (CelBytes x, CelBytes y) => (long)x.Data.Length + y.Data.Length > EvaluationLimits.MaxSize ? EvaluationLimits.Exceeded : new CelBytes([.. x.Data.Span, .. y.Data.Span]),
        (CelDuration x, CelDuration y) => TimeValues.DurationFromNanos(TimeValues.TotalNanos(x) + TimeValues.TotalNanos(y)),
        (CelTimestamp x, CelDuration y) => TimeValues.TimestampFromNanos(TimeValues.TotalNanos(x) + TimeValues.TotalNanos(y)),
        (CelDuration x, CelTimestamp y) => TimeValues.TimestampFromNanos(TimeValues.TotalNanos(y) + TimeValues.TotalNanos(x)),
        (string, _) or (_, string) => CelErrors.NoSuchOverload("_+_", a, b),
        (IReadOnlyList<object> x, IReadOnlyList<object> y) => Concat(x, y),
        _ => CelErrors.NoSuchOverload("_+_", a, b),
    };

    private static object Concat(IReadOnlyList<object> x, IReadOnlyList<object> y)
    {
        if (x.Count == 0) return y;
        if (y.Count == 0) return x;
        if ((long)x.Count + y.Count > EvaluationLimits.MaxSize) return EvaluationLimits.Exceeded;
        var r = new object[x.Count + y.Count];
        for (var i = 0; i < x.Count; i++) r[i] = x[i];
        for (var i = 0; i < y.Count; i++) r[x.Count + i] = y[i];
        return r;
    }

    private static object AddInt(long x, long y)
    {
        var r = unchecked(x + y);
        return ((x ^ r) & (y ^ r)) < 0 ? CelErrors.IntOverflow : r;
    }

    private static object SubtractInt(long x, long y)
    {
        var r = unchecked(x - y);
        return ((x ^ y) & (x ^ r)) < 0 ? CelErrors.IntOverflow : r;
    }

    public static object Subtract(object a, object b) => (a, b) switch
    {
        (long x, long y) => SubtractInt(x, y),
        (double x, double y) => x - y,
        (ulong x, ulong y) => y > x ? CelErrors.UintOverflow : x - y,
        (CelDuration x, CelDuration y) => TimeValues.DurationFromNanos(TimeValues.TotalNanos(x) - TimeValues.TotalNanos(y)),
        (CelTimestamp x, CelDuration y) => TimeValues.TimestampFromNanos(TimeValues.TotalNanos(x) - TimeValues.TotalNanos(y)),
        (CelTimestamp x, CelTimestamp y) => TimestampDifference(x, y),
        _ => CelErrors.NoSuchOverload("_-_", a, b),
    };

    // cel-go subtracts timestamps into a Go time.Duration, so the difference must fit int64 nanoseconds.
    private static object TimestampDifference(CelTimestamp x, CelTimestamp y)
    {
        var nanos = TimeValues.TotalNanos(x) - TimeValues.TotalNanos(y);
        return nanos > long.MaxValue || nanos < long.MinValue ? TimeValues.RangeError("duration") : TimeValues.DurationFromNanos(nanos);
    }

    public static object Multiply(object a, object b) => (a, b) switch
    {
        (long x, long y) => MultiplyInt(x, y),
        (double x, double y) => x * y,
        (ulong x, ulong y) => Math.BigMul(x, y, out var low) != 0 ? CelErrors.UintOverflow : low,
        _ => CelErrors.NoSuchOverload("_*_", a, b),
    };

    private static object MultiplyInt(long x, long y)
    {
        var high = Math.BigMul(x, y, out var low);
        return high != (low >> 63) ? CelErrors.IntOverflow : low;
    }

    public static object Divide(object a, object b) => (a, b) switch
    {
        (long, 0L) => CelErrors.DivideByZero,
        (long x, long y) => x == long.MinValue && y == -1 ? CelErrors.IntOverflow : x / y,
        (double x, double y) => x / y,
        (ulong, 0UL) => CelErrors.DivideByZero,
        (ulong x, ulong y) => x / y,
        _ => CelErrors.NoSuchOverload("_/_", a, b),
    };

    public static object Modulo(object a, object b) => (a, b) switch
    {
        (long, 0L) => CelErrors.ModulusByZero,
        (long x, long y) => x == long.MinValue && y == -1 ? CelErrors.IntOverflow : x % y,
        (ulong, 0UL) => CelErrors.ModulusByZero,
        (ulong x, ulong y) => x % y,
        _ => CelErrors.NoSuchOverload("_%_", a, b),
    };

    public static object Negate(object a) => a switch
    {
        long x => x == long.MinValue ? CelErrors.IntOverflow : -x,
        double x => -x,
        CelDuration d => TimeValues.DurationFromNanos(-TimeValues.TotalNanos(d)),
        _ => CelErrors.NoSuchOverload("-_", a),
    };
}
