namespace PspReplacement.Cel.Runtime;

// The non-strict operators: errors are absorbed when the other side decides the result (false && error == false),
// and the conditional only evaluates the branch it picks.

internal sealed class AndNode(Interpretable left, Interpretable right) : Interpretable
{
    public override object Eval(Frame frame)
    {
        var l = left.Eval(frame);
        if (l is bool lb && !lb) return CelValue.False;
        return Combine(l, right.Eval(frame));
    }

    /// <summary>l &amp;&amp; r once r is known (l is not false).</summary>
    public static object Combine(object l, object r)
    {
        if (l is bool lb && !lb) return CelValue.False;
        if (r is bool rb)
        {
            if (!rb) return CelValue.False;
            if (l is bool) return CelValue.True;
        }
        if (l is CelError) return l;
        if (r is CelError) return r;
        return CelErrors.NoSuchOverload("_&&_", l, r);
    }
}

internal sealed class OrNode(Interpretable left, Interpretable right) : Interpretable
{
    public override object Eval(Frame frame)
    {
        var l = left.Eval(frame);
        if (l is bool lb && lb) return CelValue.True;
        return Combine(l, right.Eval(frame));
    }

    /// <summary>l || r once r is known (l is not true).</summary>
    public static object Combine(object l, object r)
    {
        if (l is bool lb && lb) return CelValue.True;
        if (r is bool rb)
        {
            if (rb) return CelValue.True;
            if (l is bool) return CelValue.False;
        }
        if (l is CelError) return l;
        if (r is CelError) return r;
        return CelErrors.NoSuchOverload("_||_", l, r);
    }
}

internal sealed class NotNode(Interpretable operand) : Interpretable
{
    public override object Eval(Frame frame)
    {
        var v = operand.Eval(frame);
        if (v is bool b) return b ? CelValue.False : CelValue.True;
        return v is CelError ? v : CelErrors.NoSuchOverload("!_", v);
    }
}

internal sealed class ConditionalNode(Interpretable condition, Interpretable whenTrue, Interpretable whenFalse) : Interpretable
{
    public override object Eval(Frame frame)
    {
        var c = condition.Eval(frame);
        if (c is bool b) return b ? whenTrue.Eval(frame) : whenFalse.Eval(frame);
        return c is CelError ? c : CelErrors.NoSuchOverload("_?_:_", c);
    }
}

/// <summary>The loop condition of all/exists: keep going unless the accumulator is exactly false (errors continue).</summary>
internal sealed class NotStrictlyFalseNode(Interpretable operand) : Interpretable
{
    public override object Eval(Frame frame) => operand.Eval(frame) is bool b && !b ? CelValue.False : CelValue.True;
}

internal sealed class EqualsNode(Interpretable left, Interpretable right, bool negate) : Interpretable
{
    public override object Eval(Frame frame)
    {
        var l = left.Eval(frame);
        var r = right.Eval(frame);
        if (l is CelError) return l;
        if (r is CelError) return r;
        return CelValue.Bool(CelValue.ValueEquals(l, r) != negate);
    }
}

/// <summary><c>opt.orValue(x)</c>: x is only evaluated when opt is none.</summary>
internal sealed class OrValueNode(Interpretable optional, Interpretable fallback) : Interpretable
{
    public override object Eval(Frame frame)
    {
        var v = optional.Eval(frame);
        if (v is CelOptional o) return o.HasValue ? o.Value : fallback.Eval(frame);
        return v is CelError ? v : CelErrors.NoSuchOverload("orValue", v);
    }
}

/// <summary><c>opt.or(other)</c>: other is only evaluated when opt is none.</summary>
internal sealed class OptionalOrNode(Interpretable optional, Interpretable other) : Interpretable
{
    public override object Eval(Frame frame)
    {
        var v = optional.Eval(frame);
        if (v is not CelOptional o) return v is CelError ? v : CelErrors.NoSuchOverload("or", v);
        if (o.HasValue) return o;
        var w = other.Eval(frame);
        return w is CelOptional or CelError ? w : CelErrors.NoSuchOverload("or", v, w);
    }
}

/// <summary><c>opt.optMap(x, expr)</c> and <c>opt.optFlatMap(x, expr)</c>: expr sees the value in a slot, and only runs when there is one.</summary>
internal sealed class OptionalMapNode(Interpretable optional, int slot, Interpretable body, bool flat) : Interpretable
{
    public override object Eval(Frame frame)
    {
        var v = optional.Eval(frame);
        if (v is not CelOptional o) return v is CelError ? v : CelErrors.NoSuchOverload(flat ? "optFlatMap" : "optMap", v);
        if (!o.HasValue) return o;
        frame.Slots[slot] = o.Value;
        var r = body.Eval(frame);
        if (r is CelError) return r;
        if (!flat) return CelOptional.Of(r);
        return r is CelOptional ? r : CelErrors.NoSuchOverload("optFlatMap", r);
    }
}
