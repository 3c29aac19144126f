using PspReplacement.Cel.Runtime;

namespace PspReplacement.Cel.Tests.Libraries;

/// <summary>Calls a library's overloads directly, picking the overload by function name, receiver style and argument types.</summary>
internal static class LibraryCalls
{
    public static object Call(ICelLibrary library, string function, params object[] args)
    {
        var overload = library.Overloads.FirstOrDefault(o => o.Function == function && o.Parameters.Count == args.Length
            && o.Parameters.Zip(args).All(p => Matches(p.Second, p.First)))
            ?? throw new InvalidOperationException($"no overload {function}/{args.Length} for {string.Join(", ", args.Select(a => a.GetType().Name))}");
        return overload switch
        {
            { Unary: { } f } => f(args[0]),
            { Binary: { } f } => f(args[0], args[1]),
            { Ternary: { } f } => f(args[0], args[1], args[2]),
            { Variadic: { } f } => f(args),
            _ => throw new InvalidOperationException("overload without implementation"),
        };
    }

    private static bool Matches(object value, CelType type) => type.Name switch
    {
        "dyn" => true,
        "string" => value is string,
        "int" => value is long,
        "uint" => value is ulong,
        "double" => value is double,
        "bool" => value is bool,
        "bytes" => value is CelBytes,
        "list" => value is IReadOnlyList<object>,
        "map" => value is ICelMap,
        _ => value is ICelOpaque o && o.Type.Name == type.Name,
    };

    public static string ErrorMessage(object value) => Assert.IsType<CelError>(value).Message;

    public static IReadOnlyList<object> L(params object[] items) => items;
}
