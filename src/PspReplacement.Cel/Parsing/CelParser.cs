namespace PspReplacement.Cel.Parsing;

public sealed record ParserOptions
{
    public static readonly ParserOptions Default = new();
    /// <summary>Accept a.?b, a[?i], {?k: v}, [?e] (Kubernetes 1.29+), and the optMap/optFlatMap macros.</summary>
    public bool EnableOptionalSyntax { get; init; } = true;
    /// <summary>Accept backtick-quoted field names such as a.`b-c` (cel-go's EnableIdentEscapeSyntax).</summary>
    public bool EnableIdentEscapeSyntax { get; init; } = true;
    /// <summary>Expand cel-go ext's two-variable comprehension macros (all/exists/existsOne with two variables, transformList, transformMap, transformMapEntry).</summary>
    public bool EnableTwoVariableComprehensions { get; init; } = true;
    /// <summary>Expand cel.bind(v, init, body) (cel-go ext.Bindings). Off by default: the Kubernetes environments do not include it.</summary>
    public bool EnableBindMacro { get; init; }
    /// <summary>
    /// Expand list.sortBy(x, key) (cel-go ext.Lists v2+, Kubernetes 1.34+). Off by default: only an environment with the
    /// @sortByAssociatedKeys overload it expands into should turn it on.
    /// </summary>
    public bool EnableSortByMacro { get; init; }
    /// <summary>cel-go's default parser recursion limit (Kubernetes keeps the default).</summary>
    public int MaxRecursionDepth { get; init; } = 250;
    /// <summary>cel-go's default expression size limit, in Unicode code points.</summary>
    public int ExpressionSizeCodePointLimit { get; init; } = 100_000;
    /// <summary>cel-go's default limit of syntax error recovery attempts before the parser gives up.</summary>
    public int ErrorRecoveryLimit { get; init; } = 30;
    /// <summary>How error messages name the source: "ERROR: &lt;input&gt;:1:5: ...".</summary>
    public string SourceDescription { get; init; } = "<input>";
}

public static class CelParser
{
    /// <summary>Parses and expands macros. Throws CelCompileException with every syntax error (line, column, cel-go wording).</summary>
    public static Expr Parse(string source, ParserOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new Parser(source, options ?? ParserOptions.Default).ParseStart();
    }
}

public static class CelUnparser
{
    /// <summary>
    /// Prints an AST back as CEL text; CelParser.Parse(Unparse(e)) is structurally equal to e (see AstComparer). Throws
    /// ArgumentException for a tree CEL cannot write (a comprehension that is no macro, a field name no backticks can hold).
    /// </summary>
    public static string Unparse(Expr expr) => Unparse(expr, UnparserOptions.Default);

    public static string Unparse(Expr expr, UnparserOptions options)
    {
        ArgumentNullException.ThrowIfNull(expr);
        ArgumentNullException.ThrowIfNull(options);
        return Unparser.Print(expr, options);
    }
}
