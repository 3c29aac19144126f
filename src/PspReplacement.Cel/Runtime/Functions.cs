namespace PspReplacement.Cel.Runtime;

/// <summary>
/// One overload of a CEL function, as cel-go declares them: a global call <c>f(a, b)</c> or, with Receiver,
/// a member call <c>a.f(b)</c> (the receiver is then the first parameter). Parameter types decide dispatch at
/// run time; <see cref="CelType.Dyn"/> matches any value. Implementations return a CEL value or a
/// <see cref="CelError"/>; they never throw for bad user input.
/// Exactly one of Unary, Binary, Ternary, Variadic is set, matching the number of parameters (Variadic for any count).
/// </summary>
public sealed record Overload(string Id, string Function, bool Receiver, IReadOnlyList<CelType> Parameters)
{
    public Func<object, object>? Unary { get; init; }
    public Func<object, object, object>? Binary { get; init; }
    public Func<object, object, object, object>? Ternary { get; init; }
    public Func<object[], object>? Variadic { get; init; }

    public static Overload Of(string id, string function, bool receiver, CelType a, Func<object, object> impl) =>
        new(id, function, receiver, [a]) { Unary = impl };
    public static Overload Of(string id, string function, bool receiver, CelType a, CelType b, Func<object, object, object> impl) =>
        new(id, function, receiver, [a, b]) { Binary = impl };
    public static Overload Of(string id, string function, bool receiver, CelType a, CelType b, CelType c, Func<object, object, object, object> impl) =>
        new(id, function, receiver, [a, b, c]) { Ternary = impl };
    public static Overload OfN(string id, string function, bool receiver, IReadOnlyList<CelType> parameters, Func<object[], object> impl) =>
        new(id, function, receiver, parameters) { Variadic = impl };
}

/// <summary>A named set of overloads (and, where needed, constants or type names), added to an environment as a unit.</summary>
public interface ICelLibrary
{
    /// <summary>Name as the Kubernetes documentation calls the library, e.g. "strings", "lists", "regex", "url", "ip", "cidr", "quantity", "sets", "optional", "authz", "format".</summary>
    string Name { get; }
    IEnumerable<Overload> Overloads { get; }
    /// <summary>Type names the library adds that type() and conversions can name (e.g. "net.IP"); empty for most.</summary>
    IEnumerable<CelType> Types => [];
    /// <summary>How the planner plans calls of the library's that are not plain overload calls; empty for most.</summary>
    internal IEnumerable<ICallPlanner> CallPlanners => [];
}
