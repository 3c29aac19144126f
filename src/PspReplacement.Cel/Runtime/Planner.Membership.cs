namespace PspReplacement.Cel.Runtime;

// Planning `x in [constant list]` as a set lookup: PSS checks test capabilities, volume types, sysctls and seccomp
// profiles against fixed allow-lists, where a linear scan with CEL equality per element dominates the evaluation.
internal sealed partial class Planner
{
    /// <summary>
    /// A set lookup for <c>x in list</c> when list is a constant of strings and @in is the standard overload; otherwise null.
    /// Only all-string lists qualify: string equality is ordinal, while numbers compare across int, uint and double.
    /// </summary>
    private static Interpretable? PlanConstantMembership(string fn, Interpretable[] args, Overload[] candidates)
    {
        if (fn != Parsing.Operators.In || args is not [{ } element, ConstantNode { Value: IReadOnlyList<object> list }]) return null;
        if (candidates is not [{ Id: "in" } standard]) return null;
        var strings = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in list)
        {
            if (item is not string s) return null;
            strings.Add(s);
        }
        return new StringSetMembershipNode(element, strings, list, standard);
    }
}

/// <summary><c>x in ['a', 'b', ...]</c>: a hash lookup for a string x; any other x goes to the standard overload, which decides as before.</summary>
internal sealed class StringSetMembershipNode(Interpretable element, HashSet<string> strings, IReadOnlyList<object> list, Overload standard) : Interpretable
{
    public override object Eval(Frame frame)
    {
        var x = element.Eval(frame);
        if (x is string s) return CelValue.Bool(strings.Contains(s));
        return x is CelError ? x : Dispatch.Invoke(standard, x, list);
    }
}
