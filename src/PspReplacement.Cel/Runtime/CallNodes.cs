namespace PspReplacement.Cel.Runtime;

// Function calls. The planner resolved the overload candidates by name, arity and call style; at run time the first
// candidate whose parameter types accept the arguments runs. Calls are strict: an error argument is the result.
// An error the call itself produces is located at the call's offset (only on the error path: success pays one type test).

internal static class Dispatch
{
    public static bool Accepts(Overload o, object a) => CelValue.IsOfType(a, o.Parameters[0]);
    public static bool Accepts(Overload o, object a, object b) => CelValue.IsOfType(a, o.Parameters[0]) && CelValue.IsOfType(b, o.Parameters[1]);
    public static bool Accepts(Overload o, object a, object b, object c) =>
        CelValue.IsOfType(a, o.Parameters[0]) && CelValue.IsOfType(b, o.Parameters[1]) && CelValue.IsOfType(c, o.Parameters[2]);

    public static bool Accepts(Overload o, object[] args)
    {
        for (var i = 0; i < args.Length; i++)
            if (!CelValue.IsOfType(args[i], o.Parameters[i])) return false;
        return true;
    }

    public static object Located(object result, int offset) => result is CelError e ? e.At(offset) : result;

    public static object Invoke(Overload o, object a) => o.Unary is { } f ? f(a) : o.Variadic!([a]);
    public static object Invoke(Overload o, object a, object b) => o.Binary is { } f ? f(a, b) : o.Variadic!([a, b]);
    public static object Invoke(Overload o, object a, object b, object c) => o.Ternary is { } f ? f(a, b, c) : o.Variadic!([a, b, c]);
}

internal sealed class Call0Node(string function, Overload[] candidates, int offset) : Interpretable
{
    public override object Eval(Frame frame)
    {
        foreach (var o in candidates)
            if (o.Variadic is { } f) return Dispatch.Located(f([]), offset);
        return CelErrors.NoSuchOverload(function).At(offset);
    }
}

internal sealed class Call1Node(string function, Interpretable arg, Overload[] candidates, int offset) : Interpretable
{
    public override object Eval(Frame frame)
    {
        var a = arg.Eval(frame);
        if (a is CelError) return a;
        foreach (var o in candidates)
            if (Dispatch.Accepts(o, a)) return Dispatch.Located(Dispatch.Invoke(o, a), offset);
        return CelErrors.NoSuchOverload(function, a).At(offset);
    }
}

internal sealed class Call2Node(string function, Interpretable arg0, Interpretable arg1, Overload[] candidates, int offset) : Interpretable
{
    public override object Eval(Frame frame)
    {
        var a = arg0.Eval(frame);
        var b = arg1.Eval(frame);
        if (a is CelError) return a;
        if (b is CelError) return b;
        foreach (var o in candidates)
            if (Dispatch.Accepts(o, a, b)) return Dispatch.Located(Dispatch.Invoke(o, a, b), offset);
        return CelErrors.NoSuchOverload(function, a, b).At(offset);
    }
}

internal sealed class Call3Node(string function, Interpretable arg0, Interpretable arg1, Interpretable arg2, Overload[] candidates, int offset) : Interpretable
{
    public override object Eval(Frame frame)
    {
        var a = arg0.Eval(frame);
        var b = arg1.Eval(frame);
        var c = arg2.Eval(frame);
        if (a is CelError) return a;
        if (b is CelError) return b;
        if (c is CelError) return c;
        foreach (var o in candidates)
            if (Dispatch.Accepts(o, a, b, c)) return Dispatch.Located(Dispatch.Invoke(o, a, b, c), offset);
        return CelErrors.NoSuchOverload(function, a, b, c).At(offset);
    }
}

internal sealed class CallNNode(string function, Interpretable[] args, Overload[] candidates, int offset) : Interpretable
{
    public override object Eval(Frame frame)
    {
        var values = new object[args.Length];
        for (var i = 0; i < values.Length; i++) values[i] = args[i].Eval(frame);
        foreach (var v in values)
            if (v is CelError) return v;
        foreach (var o in candidates)
            if (Dispatch.Accepts(o, values)) return Dispatch.Located(o.Variadic!(values), offset);
        return CelErrors.NoSuchOverload(function, values).At(offset);
    }
}
