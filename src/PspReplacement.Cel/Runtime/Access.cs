namespace PspReplacement.Cel.Runtime;

/// <summary>
/// Field selection, indexing and presence tests, plain and optional (<c>a.?b</c>, <c>a[?i]</c>).
/// Selecting into an optional value propagates optionality: a missing key gives optional.none() instead of an error.
/// </summary>
internal static class Access
{
    /// <summary>Marks a lookup that found nothing; never escapes this class.</summary>
    private static readonly object Absent = new();

    /// <summary>The element or entry for key; Absent when missing, or an error (wrong container or key type).</summary>
    private static object Lookup(object container, object key, string op)
    {
        switch (container)
        {
            case ICelMap m:
                if (key is CelError) return key;
                return m.TryGetValue(key, out var v) ? v : Absent;
            case string:
                return CelErrors.NoSuchOverload(op, container, key);
            case IReadOnlyList<object> list:
                if (key is CelError) return key;
                if (!TryListIndex(key, out var i)) return CelErrors.NoSuchOverload(op, container, key);
                return i >= 0 && i < list.Count ? list[(int)i] : Absent;
            case CelError:
                return container;
            default:
                return CelErrors.NoSuchOverload(op, container, key);
        }
    }

    private static bool TryListIndex(object key, out long index)
    {
        switch (key)
        {
            case long l: index = l; return true;
            case ulong u: index = u > int.MaxValue ? long.MaxValue : (long)u; return true;
            case double d when Math.Floor(d) == d && Math.Abs(d) < 9.2e18: index = (long)d; return true;
            default: index = 0; return false;
        }
    }

    public static object Select(object operand, string field)
    {
        switch (operand)
        {
            case ICelMap m:
                return m.TryGetValue(field, out var v) ? v : CelErrors.NoSuchKey(field);
            case CelOptional o:
                if (!o.HasValue) return o;
                if (o.Value is not ICelMap inner) return CelErrors.NoSuchKey(field);
                return inner.TryGetValue(field, out var iv) ? CelOptional.Of(iv) : CelOptional.None;
            case CelError:
                return operand;
            case ICelFieldSelectable s:
                return s.Select(field);
            default:
                return new CelError($"type '{CelValue.TypeOf(operand).Name}' does not support field selection");
        }
    }

    public static object Has(object operand, string field)
    {
        switch (operand)
        {
            case ICelMap m: return CelValue.Bool(m.TryGetValue(field, out _));
            case CelOptional o: return o.HasValue ? Has(o.Value, field) : CelValue.False;
            case CelError: return operand;
            case ICelFieldSelectable s: return s.Has(field);
            default: return new CelError($"invalid type for field selection: {CelValue.TypeOf(operand).Name}");
        }
    }

    public static object OptionalSelect(object operand, string field)
    {
        switch (operand)
        {
            case ICelMap m:
                return m.TryGetValue(field, out var v) ? CelOptional.Of(v) : CelOptional.None;
            case CelOptional o:
                return o.HasValue ? OptionalSelect(o.Value, field) : o;
            case CelError:
                return operand;
            case ICelFieldSelectable s:
                if (s.Has(field) is not bool present) return s.Has(field);
                return present ? CelOptional.Of(s.Select(field)) : CelOptional.None;
            default:
                return new CelError($"type '{CelValue.TypeOf(operand).Name}' does not support field selection");
        }
    }

    public static object Index(object operand, object key)
    {
        if (operand is CelOptional o)
        {
            if (key is CelError) return key;
            if (!o.HasValue) return o;
            var inner = Lookup(o.Value, key, "_[_]");
            return ReferenceEquals(inner, Absent) ? CelOptional.None : inner is CelError ? inner : CelOptional.Of(inner);
        }
        var v = Lookup(operand, key, "_[_]");
        if (!ReferenceEquals(v, Absent)) return v;
        if (operand is IReadOnlyList<object> list)
        {
            TryListIndex(key, out var i);
            return CelErrors.IndexOutOfRange(i, list.Count);
        }
        return CelErrors.NoSuchKey(key);
    }

    public static object OptionalIndex(object operand, object key)
    {
        if (operand is CelOptional o)
        {
            if (key is CelError) return key;
            return o.HasValue ? OptionalIndex(o.Value, key) : o;
        }
        var v = Lookup(operand, key, "_[?_]");
        if (ReferenceEquals(v, Absent)) return CelOptional.None;
        return v is CelError ? v : CelOptional.Of(v);
    }
}

/// <summary>A library value with named fields (selectable with <c>v.field</c> and testable with <c>has(v.field)</c>).</summary>
public interface ICelFieldSelectable
{
    /// <summary>The field's value, or a CelError when absent.</summary>
    object Select(string field);
    /// <summary>CelValue.True/False, or a CelError.</summary>
    object Has(string field);
}
