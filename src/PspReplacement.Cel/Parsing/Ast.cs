namespace PspReplacement.Cel.Parsing;

/// <summary>Where a node starts in the source text: Offset is the UTF-16 index; line and column are 1-based, columns counting Unicode code points as cel-go prints them.</summary>
public readonly record struct SourcePosition(int Offset, int Line, int Column)
{
    public static readonly SourcePosition None = new(-1, 0, 0);
}

/// <summary>
/// The CEL abstract syntax tree, shaped like cel-go's (google.api.expr.v1alpha1.Expr):
/// operators are calls with cel-go's internal names (see <see cref="Operators"/>), macros are expanded to
/// <see cref="ComprehensionExpr"/> (which remembers the macro it came from so the unparser can print it back),
/// and the optional syntax is the calls <c>_?._</c> and <c>_[?_]</c>.
/// Nodes are immutable; structural equality that ignores positions is <see cref="AstComparer"/>.
/// </summary>
public abstract class Expr
{
    protected Expr(SourcePosition position) => Position = position;
    public SourcePosition Position { get; }

    /// <summary>
    /// Parse-time bookkeeping: how deep the chain of operators, selects and indexes ending at this node is, for the
    /// parser's recursion limit. Kept on the node (not in a side table) because hashing every node cost a quarter of
    /// the parse time. Set only by the parser while it builds the node; meaningless afterwards.
    /// </summary>
    internal int ChainDepth;
}

/// <summary>Stands in for a part of the text that did not parse; never leaves the parser (which then throws).</summary>
internal sealed class ErrorExpr(SourcePosition position) : Expr(position);

/// <summary>A literal. Value is one of: long, ulong, double, string, bool, <see cref="Runtime.CelBytes"/>, or <see cref="Runtime.CelNull"/>.</summary>
public sealed class ConstantExpr(object value, SourcePosition position = default) : Expr(position)
{
    public object Value { get; } = value;
}

public sealed class IdentExpr(string name, SourcePosition position = default) : Expr(position)
{
    public string Name { get; } = name;
}

/// <summary><c>operand.field</c>; with TestOnly it is the <c>has(operand.field)</c> macro.</summary>
public sealed class SelectExpr(Expr operand, string field, bool testOnly = false, SourcePosition position = default) : Expr(position)
{
    public Expr Operand { get; } = operand;
    public string Field { get; } = field;
    public bool TestOnly { get; } = testOnly;

    /// <summary>This node with another operand; this very node when the operand is the same (see <see cref="AstRewriter"/>).</summary>
    public SelectExpr Update(Expr operand) => ReferenceEquals(operand, Operand) ? this : new SelectExpr(operand, Field, TestOnly, Position);
}

/// <summary>A function call <c>f(args)</c>, or with Target a receiver call <c>target.f(args)</c>; operators are calls too.</summary>
public sealed class CallExpr(Expr? target, string function, IReadOnlyList<Expr> args, SourcePosition position = default) : Expr(position)
{
    public Expr? Target { get; } = target;
    public string Function { get; } = function;
    public IReadOnlyList<Expr> Args { get; } = args;

    public CallExpr Update(Expr? target, IReadOnlyList<Expr> args) =>
        ReferenceEquals(target, Target) && ReferenceEquals(args, Args) ? this : new CallExpr(target, Function, args, Position);
}

/// <summary><c>[a, ?b]</c>: OptionalIndices lists the positions written with <c>?</c>.</summary>
public sealed class ListExpr(IReadOnlyList<Expr> elements, IReadOnlyList<int> optionalIndices, SourcePosition position = default) : Expr(position)
{
    public IReadOnlyList<Expr> Elements { get; } = elements;
    public IReadOnlyList<int> OptionalIndices { get; } = optionalIndices;

    public ListExpr Update(IReadOnlyList<Expr> elements) =>
        ReferenceEquals(elements, Elements) ? this : new ListExpr(elements, OptionalIndices, Position);
}

public sealed class MapEntry(Expr key, Expr value, bool optional, SourcePosition position = default)
{
    public Expr Key { get; } = key;
    public Expr Value { get; } = value;
    public bool Optional { get; } = optional;
    public SourcePosition Position { get; } = position;

    public MapEntry Update(Expr key, Expr value) =>
        ReferenceEquals(key, Key) && ReferenceEquals(value, Value) ? this : new MapEntry(key, value, Optional, Position);
}

/// <summary><c>{k: v, ?k2: v2}</c>.</summary>
public sealed class MapExpr(IReadOnlyList<MapEntry> entries, SourcePosition position = default) : Expr(position)
{
    public IReadOnlyList<MapEntry> Entries { get; } = entries;

    public MapExpr Update(IReadOnlyList<MapEntry> entries) => ReferenceEquals(entries, Entries) ? this : new MapExpr(entries, Position);
}

public sealed class StructField(string name, Expr value, bool optional, SourcePosition position = default)
{
    public string Name { get; } = name;
    public Expr Value { get; } = value;
    public bool Optional { get; } = optional;
    public SourcePosition Position { get; } = position;

    public StructField Update(Expr value) => ReferenceEquals(value, Value) ? this : new StructField(Name, value, Optional, Position);
}

/// <summary>A message literal <c>pkg.Type{field: v}</c>.</summary>
public sealed class StructExpr(string typeName, IReadOnlyList<StructField> fields, SourcePosition position = default) : Expr(position)
{
    public string TypeName { get; } = typeName;
    public IReadOnlyList<StructField> Fields { get; } = fields;

    public StructExpr Update(IReadOnlyList<StructField> fields) => ReferenceEquals(fields, Fields) ? this : new StructExpr(TypeName, fields, Position);
}

/// <summary>
/// cel-go's comprehension: <c>accu = accuInit; for (iterVar[, iterVar2] in iterRange) { if !loopCondition break; accu = loopStep }; result</c>.
/// Macro names the macro it was expanded from (all, exists, exists_one, map, filter, ...) or is null for none;
/// the unparser prints the macro back from the comprehension's shape, so rewriting sub-expressions keeps it printable.
/// </summary>
public sealed class ComprehensionExpr(
    string iterVar, string? iterVar2, Expr iterRange, string accuVar, Expr accuInit,
    Expr loopCondition, Expr loopStep, Expr result, string? macro, SourcePosition position = default) : Expr(position)
{
    public string IterVar { get; } = iterVar;
    public string? IterVar2 { get; } = iterVar2;
    public Expr IterRange { get; } = iterRange;
    public string AccuVar { get; } = accuVar;
    public Expr AccuInit { get; } = accuInit;
    public Expr LoopCondition { get; } = loopCondition;
    public Expr LoopStep { get; } = loopStep;
    public Expr Result { get; } = result;
    public string? Macro { get; } = macro;

    public ComprehensionExpr Update(Expr iterRange, Expr accuInit, Expr loopCondition, Expr loopStep, Expr result) =>
        ReferenceEquals(iterRange, IterRange) && ReferenceEquals(accuInit, AccuInit) && ReferenceEquals(loopCondition, LoopCondition)
        && ReferenceEquals(loopStep, LoopStep) && ReferenceEquals(result, Result)
            ? this
            : new ComprehensionExpr(IterVar, IterVar2, iterRange, AccuVar, accuInit, loopCondition, loopStep, result, Macro, Position);
}

/// <summary>cel-go's internal operator function names.</summary>
public static class Operators
{
    public const string Conditional = "_?_:_";
    public const string LogicalAnd = "_&&_";
    public const string LogicalOr = "_||_";
    public const string LogicalNot = "!_";
    public const string Equal = "_==_";
    public const string NotEqual = "_!=_";
    public const string Less = "_<_";
    public const string LessEquals = "_<=_";
    public const string Greater = "_>_";
    public const string GreaterEquals = "_>=_";
    public const string Add = "_+_";
    public const string Subtract = "_-_";
    public const string Multiply = "_*_";
    public const string Divide = "_/_";
    public const string Modulo = "_%_";
    public const string Negate = "-_";
    public const string Index = "_[_]";
    public const string OptionalIndex = "_[?_]";
    public const string OptionalSelect = "_?._";
    public const string In = "@in";
    public const string NotStrictlyFalse = "@not_strictly_false";
    public const string AccumulatorName = "@result";
}
