namespace PspReplacement.Cel.Parsing;

// CONTRACT (owner: CEL parsing).
public sealed record ParserOptions
{
    public static readonly ParserOptions Default = new();
    /// <summary>Accept a.?b, a[?i], {?k: v}, [?e] (Kubernetes 1.29+).</summary>
    public bool EnableOptionalSyntax { get; init; } = true;
}

public static class CelParser
{
    /// <summary>Parses and expands macros. Throws CelCompileException with every syntax error (line, column, cel-go wording).</summary>
    public static Expr Parse(string source, ParserOptions? options = null) => throw new NotImplementedException("CONTRACT: CelParser.Parse");
}

public static class CelUnparser
{
    /// <summary>Prints an AST back as CEL text; CelParser.Parse(Unparse(e)) is structurally equal to e.</summary>
    public static string Unparse(Expr expr) => throw new NotImplementedException("CONTRACT: CelUnparser.Unparse");
}
