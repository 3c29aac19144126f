namespace PspReplacement.Cel.Runtime;

/// <summary>The error values the evaluator and the standard library produce, worded as cel-go words them.</summary>
public static class CelErrors
{
    public static readonly CelError DivideByZero = new("division by zero");
    public static readonly CelError ModulusByZero = new("modulus by zero");
    public static readonly CelError IntOverflow = new("integer overflow");
    public static readonly CelError UintOverflow = new("unsigned integer overflow");
    public static readonly CelError DoubleToIntRange = new("double out of int range");

    public static CelError NoSuchOverload(string function, params object[] args)
    {
        var types = new string[args.Length];
        for (var i = 0; i < args.Length; i++) types[i] = CelValue.TypeOf(args[i]).Name;
        return new CelError($"no such overload: {function}({string.Join(", ", types)})");
    }

    public static CelError NoSuchKey(object key) => new($"no such key: {(key is string s ? s : CelValue.Format(key))}");

    public static CelError IndexOutOfRange(long index, int size) => new($"index '{index}' out of range in list size '{size}'");

    public static CelError NoSuchAttribute(string name) => new($"no such attribute: {name}");
}
