using System.Runtime.CompilerServices;

namespace PspReplacement.Cel.Runtime;

/// <summary>What the loops over a comprehension's range share: which ranges can be walked and how elements bind to variables.</summary>
internal static class Iteration
{
    /// <summary>Null for a list or map; otherwise the error CEL gives for iterating over anything else (strings included).</summary>
    public static CelError? CannotIterate(object range) =>
        range is ICelMap || (range is IReadOnlyList<object> && range is not string) ? null : new CelError($"cannot iterate over {CelValue.TypeOf(range).Name}");

    /// <summary>One variable is the map key; two are key and value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void BindEntry(object[] slots, int iterSlot, int iter2Slot, object key, object value)
    {
        slots[iterSlot] = key;
        if (iter2Slot >= 0) slots[iter2Slot] = value;
    }

    /// <summary>One variable is the element; two are index and element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void BindElement(object[] slots, int iterSlot, int iter2Slot, int index, object element)
    {
        if (iter2Slot >= 0)
        {
            slots[iterSlot] = (long)index;
            slots[iter2Slot] = element;
        }
        else slots[iterSlot] = element;
    }
}

/// <summary>
/// cel-go's fold: <c>accu = init; for (iter[, iter2] in range) { if cond is false: break; accu = step }; result</c>.
/// Over a list, one variable is the element; two are index and element. Over a map, one is the key; two are key and value.
/// </summary>
internal sealed class ComprehensionNode(
    Interpretable range, int iterSlot, int iter2Slot, int accuSlot,
    Interpretable init, Interpretable condition, Interpretable step, Interpretable result) : Interpretable
{
    public override object Eval(Frame frame)
    {
        var r = range.Eval(frame);
        if (r is CelError) return r;
        if (Iteration.CannotIterate(r) is { } error) return error;
        var slots = frame.Slots;
        slots[accuSlot] = init.Eval(frame);
        if (r is ICelMap map)
        {
            foreach (var (k, v) in map)
            {
                if (EvaluationLimits.Iterate(frame)) return EvaluationLimits.Exceeded;
                Iteration.BindEntry(slots, iterSlot, iter2Slot, k, v);
                if (condition.Eval(frame) is false) break;
                slots[accuSlot] = step.Eval(frame);
            }
        }
        else
        {
            var list = (IReadOnlyList<object>)r;
            for (var i = 0; i < list.Count; i++)
            {
                if (EvaluationLimits.Iterate(frame)) return EvaluationLimits.Exceeded;
                Iteration.BindElement(slots, iterSlot, iter2Slot, i, list[i]);
                if (condition.Eval(frame) is false) break;
                slots[accuSlot] = step.Eval(frame);
            }
        }
        return result.Eval(frame);
    }
}

/// <summary><c>cel.bind(v, init, body)</c>: a comprehension over an empty range is just a local binding.</summary>
internal sealed class BindNode(int slot, Interpretable init, Interpretable body) : Interpretable
{
    public override object Eval(Frame frame)
    {
        frame.Slots[slot] = init.Eval(frame);
        return body.Eval(frame);
    }
}

/// <summary>
/// The accumulator of map/filter/transformList while the loop runs: appending in place instead of building a new list
/// per element (cel-go's <c>@result + [x]</c>), so a comprehension allocates its result and little else.
/// It never escapes the comprehension: <see cref="FinishListNode"/> turns it into the result list.
/// </summary>
internal sealed class ListAccumulator
{
    public readonly List<object> Items = [];
}

internal sealed class NewListAccumulatorNode : Interpretable
{
    public static readonly NewListAccumulatorNode Instance = new();
    public override object Eval(Frame frame) => new ListAccumulator();
}

/// <summary><c>@result + [element]</c> on a <see cref="ListAccumulator"/>; an error accumulator stays the error, as the strict + would.</summary>
internal sealed class AppendNode(int accuSlot, Interpretable element) : Interpretable
{
    public override object Eval(Frame frame)
    {
        var accu = frame.Slots[accuSlot];
        if (accu is not ListAccumulator list) return accu;
        var v = element.Eval(frame);
        if (v is CelError) return v;
        list.Items.Add(v);
        return list;
    }
}

internal sealed class FinishListNode(int accuSlot) : Interpretable
{
    public override object Eval(Frame frame) =>
        frame.Slots[accuSlot] is ListAccumulator list ? (list.Items.Count == 0 ? [] : list.Items.ToArray()) : frame.Slots[accuSlot];
}
