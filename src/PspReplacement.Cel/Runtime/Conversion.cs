namespace PspReplacement.Cel.Runtime;

// CONTRACT (owner: CEL runtime).
public static partial class CelValue
{
    /// <summary>Converts plain .NET data (as decoded from YAML/JSON: IDictionary&lt;string, object?&gt;, IList&lt;object?&gt;, string, long, int, ulong, double, bool, null) to CEL values.</summary>
    public static object FromPlain(object? value) => throw new NotImplementedException("CONTRACT: CelValue.FromPlain");

    /// <summary>Prints a value as CEL would print it (a CEL literal where one exists: 1, 1u, 1.0, "a", b"\x00", [1, 2], {"a": 1}, optional.of(1), int, duration("1s")).</summary>
    public static string Format(object value) => throw new NotImplementedException("CONTRACT: CelValue.Format");
}
