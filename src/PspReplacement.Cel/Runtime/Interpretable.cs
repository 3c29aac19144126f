namespace PspReplacement.Cel.Runtime;

/// <summary>
/// One evaluation's state: the caller's activation and the slots of comprehension variables (resolved to indices
/// at plan time, so loops never look names up).
/// </summary>
internal sealed class Frame(IActivation activation, int slotCount)
{
    public IActivation Activation = activation;
    public readonly object[] Slots = slotCount == 0 ? [] : new object[slotCount];

    /// <summary>Comprehension iterations so far (<see cref="EvaluationLimits"/>).</summary>
    public long Iterations;

    [ThreadStatic] private static Frame? _cached;

    /// <summary>
    /// A frame for one evaluation on this thread, reused so evaluating allocates nothing of its own.
    /// A nested evaluation on the same thread (a library calling back into CEL) finds none cached and gets a new one.
    /// </summary>
    public static Frame Rent(IActivation activation, int slotCount)
    {
        var f = _cached;
        if (f is null || f.Slots.Length < slotCount) return new Frame(activation, Math.Max(slotCount, 8));
        _cached = null;
        f.Activation = activation;
        f.Iterations = 0;
        return f;
    }

    public static void Return(Frame f)
    {
        Array.Clear(f.Slots); // do not keep the caller's documents alive
        f.Activation = MapActivation.Empty;
        _cached = f;
    }
}

/// <summary>A planned expression node. Immutable and shared between threads; all per-evaluation state lives in the <see cref="Frame"/>.</summary>
internal abstract class Interpretable
{
    public abstract object Eval(Frame frame);
}

internal sealed class ConstantNode(object value) : Interpretable
{
    public object Value { get; } = value;
    public override object Eval(Frame frame) => Value;
}

/// <summary>A comprehension variable (iteration variable or accumulator).</summary>
internal sealed class SlotNode(int slot) : Interpretable
{
    public int Slot { get; } = slot;
    public override object Eval(Frame frame) => frame.Slots[Slot];
}

/// <summary>A variable supplied by the activation.</summary>
internal sealed class VariableNode(string name, int offset = -1) : Interpretable
{
    private readonly CelError _missing = CelErrors.NoSuchAttribute(name).At(offset);
    public override object Eval(Frame frame) => frame.Activation.TryResolve(name, out var v) ? v : _missing;
}

/// <summary>
/// A dotted name whose split into variable and field selections is only known at run time (no declared variables):
/// tries the longest variable name first, as cel-go resolves qualified identifiers.
/// </summary>
internal sealed class QualifiedVariableNode(string[] candidates, string[][] remainders) : Interpretable
{
    private readonly CelError _missing = CelErrors.NoSuchAttribute(candidates[^1]);

    public override object Eval(Frame frame)
    {
        for (var i = 0; i < candidates.Length; i++)
        {
            if (!frame.Activation.TryResolve(candidates[i], out var v)) continue;
            foreach (var field in remainders[i]) v = Access.Select(v, field);
            return v;
        }
        return _missing;
    }
}

internal sealed class SelectNode(Interpretable operand, string field, int offset) : Interpretable
{
    public override object Eval(Frame frame)
    {
        var v = operand.Eval(frame);
        // Documents are CelMaps with string keys; look them up without the general dispatch.
        if (v is CelMap m) return m.TryGetField(field, out var found) ? found : CelErrors.NoSuchKey(field).At(offset);
        return Dispatch.Located(Access.Select(v, field), offset);
    }
}

internal sealed class HasNode(Interpretable operand, string field, int offset) : Interpretable
{
    public override object Eval(Frame frame)
    {
        var v = operand.Eval(frame);
        // Documents are CelMaps with string keys, as in SelectNode.
        if (v is CelMap m) return CelValue.Bool(m.TryGetField(field, out _));
        return Dispatch.Located(Access.Has(v, field), offset);
    }
}

internal sealed class OptionalSelectNode(Interpretable operand, string field) : Interpretable
{
    public override object Eval(Frame frame) => Access.OptionalSelect(operand.Eval(frame), field);
}

internal sealed class IndexNode(Interpretable operand, Interpretable index, int offset) : Interpretable
{
    public override object Eval(Frame frame)
    {
        var v = operand.Eval(frame);
        var i = index.Eval(frame);
        return Dispatch.Located(Access.Index(v, i), offset);
    }
}

internal sealed class OptionalIndexNode(Interpretable operand, Interpretable index) : Interpretable
{
    public override object Eval(Frame frame)
    {
        var v = operand.Eval(frame);
        var i = index.Eval(frame);
        return Access.OptionalIndex(v, i);
    }
}

/// <summary>
/// <c>x.?a.?b.orValue(d)</c> fused: walks the optional selections without allocating the intermediate optionals.
/// Same result as evaluating the chain step by step.
/// </summary>
internal sealed class OptionalChainOrValueNode(Interpretable root, string[] fields, Interpretable fallback) : Interpretable
{
    public override object Eval(Frame frame)
    {
        var v = root.Eval(frame);
        if (v is CelOptional o0)
        {
            if (!o0.HasValue) return fallback.Eval(frame);
            v = o0.Value;
        }
        foreach (var field in fields)
        {
            switch (v)
            {
                case CelMap m:
                    if (!m.TryGetField(field, out v)) return fallback.Eval(frame);
                    break;
                case CelError:
                    return v;
                default:
                    var step = Access.OptionalSelect(v, field);
                    if (step is CelOptional o)
                    {
                        if (!o.HasValue) return fallback.Eval(frame);
                        v = o.Value;
                        break;
                    }
                    return step;
            }
        }
        return v;
    }
}

internal sealed class ListNode(Interpretable[] elements, bool[]? optional) : Interpretable
{
    public override object Eval(Frame frame)
    {
        if (optional is null)
        {
            var items = new object[elements.Length];
            for (var i = 0; i < items.Length; i++)
            {
                var v = elements[i].Eval(frame);
                if (v is CelError) return v;
                items[i] = v;
            }
            return items;
        }
        var list = new List<object>(elements.Length);
        for (var i = 0; i < elements.Length; i++)
        {
            var v = elements[i].Eval(frame);
            if (v is CelError) return v;
            if (optional[i])
            {
                if (v is not CelOptional o) return CelErrors.NoSuchOverload("optional list element", v);
                if (o.HasValue) list.Add(o.Value);
            }
            else list.Add(v);
        }
        return list.ToArray();
    }
}

internal sealed class MapNode(Interpretable[] keys, Interpretable[] values, bool[]? optional) : Interpretable
{
    public override object Eval(Frame frame)
    {
        var d = new Dictionary<object, object>(keys.Length, CelKeyComparer.Instance);
        for (var i = 0; i < keys.Length; i++)
        {
            var k = keys[i].Eval(frame);
            if (k is CelError) return k;
            if (k is not (string or long or ulong or bool)) return new CelError($"unsupported key type: {CelValue.TypeOf(k).Name}");
            var v = values[i].Eval(frame);
            if (v is CelError) return v;
            if (optional is not null && optional[i])
            {
                if (v is not CelOptional o) return CelErrors.NoSuchOverload("optional map entry", v);
                if (!o.HasValue) continue;
                v = o.Value;
            }
            if (!d.TryAdd(k, v)) return new CelError($"Failed with repeated key: {CelValue.Format(k)}");
        }
        return CelMap.Wrap(d);
    }
}
