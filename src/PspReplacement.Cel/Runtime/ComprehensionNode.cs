namespace PspReplacement.Cel.Runtime;

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
        var slots = frame.Slots;
        slots[accuSlot] = init.Eval(frame);
        switch (r)
        {
            case ICelMap map:
                foreach (var (k, v) in map)
                {
                    slots[iterSlot] = k;
                    if (iter2Slot >= 0) slots[iter2Slot] = v;
                    if (condition.Eval(frame) is false) break;
                    slots[accuSlot] = step.Eval(frame);
                }
                break;
            case string:
                return new CelError($"cannot iterate over {CelValue.TypeOf(r).Name}");
            case IReadOnlyList<object> list:
                for (var i = 0; i < list.Count; i++)
                {
                    if (iter2Slot >= 0)
                    {
                        slots[iterSlot] = (long)i;
                        slots[iter2Slot] = list[i];
                    }
                    else slots[iterSlot] = list[i];
                    if (condition.Eval(frame) is false) break;
                    slots[accuSlot] = step.Eval(frame);
                }
                break;
            default:
                return new CelError($"cannot iterate over {CelValue.TypeOf(r).Name}");
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
