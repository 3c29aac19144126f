using System.Collections;

namespace PspReplacement.Cel.Runtime;

// CEL values are plain .NET objects, so that documents convert once and evaluation boxes nothing it need not:
//   int -> long, uint -> ulong, double -> double, bool -> bool (use CelValue.True/False, cached boxes),
//   string -> string, bytes -> CelBytes, null -> CelNull.Value, list -> IReadOnlyList<object>,
//   map -> ICelMap (CelMap for literals and documents), optional -> CelOptional, type -> CelType,
//   duration -> CelDuration, timestamp -> CelTimestamp, error -> CelError, library types -> ICelOpaque.

/// <summary>The CEL null value.</summary>
public sealed class CelNull
{
    public static readonly CelNull Value = new();
    private CelNull() { }
    public override string ToString() => "null";
}

/// <summary>Immutable bytes with value equality.</summary>
public sealed class CelBytes(byte[] data) : IEquatable<CelBytes>, IComparable<CelBytes>
{
    public static readonly CelBytes Empty = new([]);
    public ReadOnlyMemory<byte> Data { get; } = data;
    public int Length => Data.Length;
    public bool Equals(CelBytes? other) => other is not null && Data.Span.SequenceEqual(other.Data.Span);
    public override bool Equals(object? obj) => obj is CelBytes b && Equals(b);
    public override int GetHashCode() { var h = new HashCode(); h.AddBytes(Data.Span); return h.ToHashCode(); }
    public int CompareTo(CelBytes? other) => other is null ? 1 : Data.Span.SequenceCompareTo(other.Data.Span);
}

/// <summary>
/// An error value. Errors are values in CEL: they flow through evaluation and are absorbed by &amp;&amp;, || and ?:.
/// Offset is where in the expression the error arose (the call, selection, index or variable that produced it), or -1
/// when unknown; it takes no part in equality.
/// </summary>
public sealed class CelError(string message, int offset = -1) : IEquatable<CelError>
{
    public string Message { get; } = message;
    public int Offset { get; } = offset;

    /// <summary>This error located at offset, unless it already has a location (the innermost node that produced it wins).</summary>
    internal CelError At(int offset) => Offset >= 0 || offset < 0 ? this : new CelError(Message, offset);
    public bool Equals(CelError? other) => other is not null && other.Message == Message;
    public override bool Equals(object? obj) => obj is CelError e && Equals(e);
    public override int GetHashCode() => Message.GetHashCode(StringComparison.Ordinal);
    public override string ToString() => Message;
}

/// <summary>optional(T): an optional value or none.</summary>
public sealed class CelOptional : IEquatable<CelOptional>
{
    public static readonly CelOptional None = new(null);
    private readonly object? _value;
    private CelOptional(object? value) => _value = value;
    public static CelOptional Of(object value) => new(value);
    public bool HasValue => _value is not null;
    /// <summary>The value; only valid when HasValue.</summary>
    public object Value => _value ?? throw new InvalidOperationException("optional.none() has no value");
    public bool Equals(CelOptional? other) => other is not null && (HasValue ? other.HasValue && CelValue.ValueEquals(_value!, other._value!) : !other.HasValue);
    public override bool Equals(object? obj) => obj is CelOptional o && Equals(o);
    public override int GetHashCode() => HasValue ? _value!.GetHashCode() : 0;
}

/// <summary>A CEL map. Keys are CEL values; lookups use CEL equality (1 == 1u == 1.0 as keys).</summary>
public interface ICelMap : IEnumerable<KeyValuePair<object, object>>
{
    int Count { get; }
    bool TryGetValue(object key, out object value);
    IEnumerable<object> Keys { get; }
}

/// <summary>A library value that is not a built-in CEL type (net.IP, net.CIDR, kubernetes.URL, kubernetes.Quantity, ...).</summary>
public interface ICelOpaque
{
    CelType Type { get; }
}

/// <summary>Duration with nanosecond precision, as google.protobuf.Duration (Seconds and Nanos have the same sign).</summary>
public readonly record struct CelDuration(long Seconds, int Nanos);

/// <summary>Timestamp with nanosecond precision, seconds since the Unix epoch (UTC), as google.protobuf.Timestamp.</summary>
public readonly record struct CelTimestamp(long Seconds, int Nanos);

/// <summary>A CEL type value, such as the result of type(x). Type values compare by name.</summary>
public sealed class CelType : IEquatable<CelType>
{
    public CelType(string name) => Name = name;
    public string Name { get; }

    public static readonly CelType Int = new("int");
    public static readonly CelType Uint = new("uint");
    public static readonly CelType Double = new("double");
    public static readonly CelType Bool = new("bool");
    public static readonly CelType String = new("string");
    public static readonly CelType Bytes = new("bytes");
    public static readonly CelType List = new("list");
    public static readonly CelType Map = new("map");
    public static readonly CelType Null = new("null_type");
    public static readonly CelType Type = new("type");
    public static readonly CelType Optional = new("optional_type");
    public static readonly CelType Duration = new("google.protobuf.Duration");
    public static readonly CelType Timestamp = new("google.protobuf.Timestamp");
    public static readonly CelType Error = new("error");
    /// <summary>Matches any value in an overload signature.</summary>
    public static readonly CelType Dyn = new("dyn");

    public bool Equals(CelType? other) => other is not null && other.Name == Name;
    public override bool Equals(object? obj) => obj is CelType t && Equals(t);
    public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal);
    public override string ToString() => Name;
}

/// <summary>Value helpers shared by the evaluator and every library.</summary>
public static partial class CelValue
{
    public static readonly object True = true;
    public static readonly object False = false;
    public static object Bool(bool b) => b ? True : False;
}
