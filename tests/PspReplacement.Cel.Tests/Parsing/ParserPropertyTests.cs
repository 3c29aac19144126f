using CsCheck;
using PspReplacement.Cel.Parsing;
using PspReplacement.Cel.Runtime;

namespace PspReplacement.Cel.Tests.Parsing;

/// <summary>
/// Properties over random input: the parser only ever throws CelCompileException, and random ASTs (in the forms the
/// parser produces) print to text that parses back to the same tree.
/// </summary>
public class ParserPropertyTests
{
    private static readonly string[] Names = ["a", "b", "x", "obj", "in_", "_k", "as"];
    private static readonly string[] Fields = ["f", "g", "spec", "in", "if", "b-c", "x.y", "true"];

    private static readonly Gen<Expr> Literal = Gen.OneOf<Expr>(
        Gen.Long.Select(l => (Expr)new ConstantExpr(l)),
        Gen.ULong.Select(u => (Expr)new ConstantExpr(u)),
        Gen.Double.Where(double.IsFinite).Select(d => (Expr)new ConstantExpr(d)),
        Gen.String[Gen.Char["ab\"'\\\n\t\0é😀 `$"], 0, 6].Where(s => !s.Any(char.IsSurrogate) || IsWellFormed(s)).Select(s => (Expr)new ConstantExpr(s)),
        Gen.Byte.Array[0, 5].Select(b => (Expr)new ConstantExpr(new CelBytes(b))),
        Gen.Bool.Select(b => (Expr)new ConstantExpr(b ? CelValue.True : CelValue.False)),
        Gen.Const((Expr)new ConstantExpr(CelNull.Value)));

    private static bool IsWellFormed(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { i++; continue; }
            if (char.IsSurrogate(s[i])) return false;
        }
        return true;
    }

    private static readonly Gen<Expr> Ident = Gen.OneOf(Names.Where(n => n != "as").ToArray()).Select(n => (Expr)new IdentExpr(n));

    private static readonly string[] BinaryOperators =
    [
        Operators.LogicalOr, Operators.LogicalAnd, Operators.Equal, Operators.NotEqual, Operators.Less, Operators.LessEquals,
        Operators.Greater, Operators.GreaterEquals, Operators.In, Operators.Add, Operators.Subtract, Operators.Multiply,
        Operators.Divide, Operators.Modulo,
    ];

    /// <summary>Random trees of depth at most <paramref name="depth"/>, each level built from the one below.</summary>
    private static Gen<Expr> Tree(int depth)
    {
        if (depth == 0) return Gen.OneOf<Expr>(Literal, Ident);
        var sub = Tree(depth - 1);
        var field = Gen.OneOf(Fields);
        return Gen.Frequency<Expr>(
            (3, Gen.OneOf<Expr>(Literal, Ident)),
            (4, Gen.Select(Gen.OneOf(BinaryOperators), sub, sub, (op, l, r) => (Expr)new CallExpr(null, op, [l, r]))),
            (1, Gen.Select(sub, sub, sub, (c, t, f) => (Expr)new CallExpr(null, Operators.Conditional, [c, t, f]))),
            (1, Gen.Select(Gen.Bool, sub, (not, e) => (Expr)new CallExpr(null, not ? Operators.LogicalNot : Operators.Negate, [e]))),
            (2, Gen.Select(sub, field, Gen.Bool, (e, f, testOnly) => (Expr)new SelectExpr(e, f, testOnly))),
            (1, Gen.Select(sub, field, (e, f) => (Expr)new CallExpr(null, Operators.OptionalSelect, [e, new ConstantExpr(f)]))),
            (1, Gen.Select(sub, sub, Gen.Bool, (e, i, opt) => (Expr)new CallExpr(null, opt ? Operators.OptionalIndex : Operators.Index, [e, i]))),
            (2, Gen.Select(Gen.OneOf("f", "size", "matches"), Gen.Bool, sub, sub.List[0, 3],
                (name, receiver, t, args) => (Expr)new CallExpr(receiver ? t : null, name, args))),
            (1, Gen.Select(sub.List[0, 3], Gen.Int[0, 7], (items, mask) =>
                (Expr)new ListExpr(items, Enumerable.Range(0, items.Count).Where(i => (mask >> i & 1) == 1).ToList()))),
            (1, Gen.Select(sub, sub, Gen.Bool).List[0, 3].Select(entries =>
                (Expr)new MapExpr(entries.Select(e => new MapEntry(e.Item1, e.Item2, e.Item3)).ToList()))),
            (1, Gen.Select(Gen.OneOf("Msg", "a.b.Msg", ".pkg.M"), Gen.Select(field, sub, Gen.Bool).List[0, 3], (type, fields) =>
                (Expr)new StructExpr(type, fields.Select(f => new StructField(f.Item1, f.Item2, f.Item3)).ToList()))),
            (2, Gen.Select(Gen.OneOf("l.all(x, {0})", "l.exists(x, {0})", "l.exists_one(x, {0})", "l.map(x, {0})",
                    "l.filter(x, {0})", "l.map(x, {0}, x + 1)", "m.all(k, v, {0})", "m.transformMap(k, v, {0})",
                    "m.transformMapEntry(k, v, {{k: {0}}})", "l.transformList(i, v, {0}, v)", "o.optMap(v, {0})"), sub,
                (template, body) => CelParser.Parse(string.Format(template, CelUnparser.Unparse(body))))));
    }

    [Fact]
    public void RandomTreesRoundTripThroughTheUnparser() =>
        Tree(4).Sample(ast => UnparserTests.AssertRoundTrips(ast), iter: 3_000, print: CelUnparser.Unparse);

    private static readonly string[] TokenSoup =
    [
        "a", "b.c", "1", "-", "+", "*", "/", "%", "!", "?", ":", "(", ")", "[", "]", "{", "}", ",", ".", ".?", "[?", "==", "!=",
        "<", "<=", ">", ">=", "&&", "||", "in", "true", "null", "'s'", "\"", "'", "'''", "b'x'", "r'\\'", "0x", "1e", "9223372036854775808",
        "18446744073709551616u", "1.5", "`x`", "`", "has(", ".all(", "x,", "map(", "\\", "\\u", "#", "@", "$", "\n", "\t", " ",
        "\0", "😀", "\uD800", "é", "as", "if", "__result__", "@result", "cel.bind(", "//",
    ];

    [Fact]
    public void TokenSoupOnlyEverThrowsCompileErrors() =>
        Gen.OneOf(TokenSoup).Array[0, 40].Select(parts => string.Concat(parts)).Sample(text =>
        {
            try
            {
                var ast = CelParser.Parse(text);
                // Whatever parses can be printed and parses back the same.
                UnparserTests.AssertRoundTrips(ast);
            }
            catch (CelCompileException e)
            {
                Assert.NotEmpty(e.Issues);
                Assert.StartsWith("ERROR: <input>:", e.Message);
            }
        }, iter: 5_000);

    [Fact]
    public void RandomCharactersOnlyEverThrowCompileErrors() =>
        Gen.String[Gen.Char, 0, 60].Sample(text =>
        {
            try { CelParser.Parse(text); }
            catch (CelCompileException e) { Assert.NotEmpty(e.Issues); }
        }, iter: 5_000);

    [Fact]
    public void MutatedValidExpressionsOnlyEverThrowCompileErrors()
    {
        const string seed = "object.spec.containers.all(c, !has(c.securityContext) || c.securityContext.?privileged.orValue(false) == false) && [1, 2u, 3.0, b'\\xff', 'x'].size() > 0 ? {'a': r'\\d'}['a'] : x.y.z";
        Gen.Select(Gen.Int[0, seed.Length - 1], Gen.Int[0, 3], Gen.Char["()[]{}.,?:'\"`!-\\ a1"]).Array[1, 6].Sample(edits =>
        {
            var text = seed.ToCharArray().ToList();
            foreach (var (at, kind, c) in edits)
            {
                var i = Math.Min(at, text.Count - 1);
                if (i < 0) break;
                switch (kind)
                {
                    case 0: text.RemoveAt(i); break;
                    case 1: text.Insert(i, c); break;
                    default: text[i] = c; break;
                }
            }
            try { CelParser.Parse(new string([.. text])); }
            catch (CelCompileException e) { Assert.NotEmpty(e.Issues); }
        }, iter: 5_000);
    }
}
