using PspReplacement.Kubernetes.Values;

namespace PspReplacement.Kubernetes.Decoding;

// The decoded ("typed") object is plain data shaped by the Go types: a struct or map is a Dictionary keyed by JSON
// name, a slice a List, scalars long/double/bool/string/byte[]; a key that is present means a non-nil pointer, slice
// or map, or a value that was set (for non-pointer scalars an absent key and the zero value are the same, as in Go).
// The special Kubernetes value types get a small type each so the writer can format them as the apiserver does.

/// <summary>intstr.IntOrString.</summary>
public readonly record struct IntOrStringValue(bool IsInt, long Int, string Str)
{
    public static IntOrStringValue Of(long value) => new(true, value, "");
    public static IntOrStringValue Of(string value) => new(false, 0, value);
}

/// <summary>metav1.Time or metav1.MicroTime.</summary>
public readonly record struct TimeValue(DateTimeOffset Time, bool Micro)
{
    public override string ToString() => Micro ? GoText.Rfc3339Micro(Time) : GoText.Rfc3339(Time);
}

/// <summary>metav1.Duration, in nanoseconds.</summary>
public readonly record struct DurationValue(long Nanoseconds)
{
    public override string ToString() => GoText.Duration(Nanoseconds);
}

/// <summary>Free-form JSON (runtime.RawExtension, metav1.FieldsV1): kept exactly as it was read.</summary>
public sealed record RawJsonValue(object? Value);
