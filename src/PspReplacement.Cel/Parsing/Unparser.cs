using System.Globalization;
using System.Text;
using PspReplacement.Cel.Runtime;

namespace PspReplacement.Cel.Parsing;

/// <summary>
/// Prints an AST back as CEL text, like cel-go's parser/unparser.go: operators with the fewest parentheses that keep
/// the tree, literals escaped, macros printed back from the comprehension's shape (so a rewritten sub-expression still
/// prints as the macro), optional syntax and backtick field names printed back. Unlike cel-go it also parenthesises
/// where cel-go's output would re-parse to a different tree (unary operands, unbalanced || and &amp;&amp; chains), so
/// CelParser.Parse(Unparse(e)) is structurally equal to e for every tree the parser produces.
/// </summary>
internal sealed class Unparser(UnparserOptions options) : AstVisitor
{
    private readonly StringBuilder _sb = new();

    public static string Print(Expr e, UnparserOptions options)
    {
        var u = new Unparser(options);
        u.Visit(e);
        return u._sb.ToString();
    }

    /// <summary>cel-go's operator precedence (operators.Precedence): lower binds tighter; 0 for anything that is not an operator.</summary>
    private static int Precedence(string function) => function switch
    {
        Operators.Conditional => 8,
        Operators.LogicalOr => 7,
        Operators.LogicalAnd => 6,
        Operators.Equal or Operators.NotEqual or Operators.Less or Operators.LessEquals or Operators.Greater
            or Operators.GreaterEquals or Operators.In => 5,
        Operators.Add or Operators.Subtract => 4,
        Operators.Multiply or Operators.Divide or Operators.Modulo => 3,
        Operators.LogicalNot or Operators.Negate => 2,
        Operators.Index or Operators.OptionalIndex or Operators.OptionalSelect => 1,
        _ => 0,
    };

    private static string? BinarySymbol(string function) => function switch
    {
        Operators.LogicalOr => "||", Operators.LogicalAnd => "&&",
        Operators.Equal => "==", Operators.NotEqual => "!=", Operators.Less => "<", Operators.LessEquals => "<=",
        Operators.Greater => ">", Operators.GreaterEquals => ">=", Operators.In => "in",
        Operators.Add => "+", Operators.Subtract => "-", Operators.Multiply => "*", Operators.Divide => "/", Operators.Modulo => "%",
        _ => null,
    };

    private static bool IsBinary(Expr e) => e is CallExpr { Target: null, Args.Count: 2 } c && BinarySymbol(c.Function) is not null;
    private static bool IsConditional(Expr e) => e is CallExpr { Target: null, Function: Operators.Conditional, Args.Count: 3 };
    private static bool IsUnary(Expr e) => e is CallExpr { Target: null, Function: Operators.LogicalNot or Operators.Negate, Args.Count: 1 };

    /// <summary>What may stand before '.', '[' or '.f(' without parentheses: anything but an operator.</summary>
    private static bool NeedsParensAsOperand(Expr e) => IsBinary(e) || IsConditional(e) || IsUnary(e);

    protected override void VisitIdent(IdentExpr e) => _sb.Append(e.Name);

    private void VisitNested(Expr e, bool parens)
    {
        if (parens) _sb.Append('(');
        Visit(e);
        if (parens) _sb.Append(')');
    }

    private void VisitOperand(Expr e) => VisitNested(e, NeedsParensAsOperand(e));

    protected override void VisitConstant(ConstantExpr e)
    {
        switch (e.Value)
        {
            case bool b: _sb.Append(b ? "true" : "false"); break;
            case long l: _sb.Append(l.ToString(CultureInfo.InvariantCulture)); break;
            case ulong u: _sb.Append(u.ToString(CultureInfo.InvariantCulture)).Append('u'); break;
            case double d: _sb.Append(DoubleLiteral(d)); break;
            case string s: _sb.Append(options.SingleQuotedStrings ? SingleQuoted(s) : GoFormat.Quote(s)); break;
            case CelBytes b: _sb.Append(BytesLiteral(b.Data.Span)); break;
            case CelNull: _sb.Append("null"); break;
            default: throw new ArgumentException($"cannot print a constant of type {e.Value.GetType().Name} as CEL text");
        }
    }

    /// <summary>
    /// '...' escaping only what must be (quote, backslash, line breaks, tab, other control characters as \uHHHH), so a
    /// name from user input reads as it was written and still cannot end the literal early.
    /// </summary>
    private static string SingleQuoted(string value)
    {
        var sb = new StringBuilder("'");
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': sb.Append(@"\\"); break;
                case '\'': sb.Append(@"\'"); break;
                case '\n': sb.Append(@"\n"); break;
                case '\r': sb.Append(@"\r"); break;
                case '\t': sb.Append(@"\t"); break;
                default:
                    if (char.IsControl(c)) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('\'').ToString();
    }

    /// <summary>The shortest digits that read back as the same double, always with a '.' or exponent so it stays a double.</summary>
    internal static string DoubleLiteral(double d)
    {
        if (double.IsNaN(d)) return "double(\"NaN\")";
        if (double.IsPositiveInfinity(d)) return "double(\"Infinity\")";
        if (double.IsNegativeInfinity(d)) return "double(\"-Infinity\")";
        var text = GoFormat.Double(d);
        return text.Contains('.') || text.Contains('e') ? text : text + ".0";
    }

    /// <summary>b"..." with printable ASCII as it is and every other byte as \xHH (one byte in a CEL bytes literal).</summary>
    internal static string BytesLiteral(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder("b\"");
        foreach (var b in bytes)
        {
            if (b == '"' || b == '\\') sb.Append('\\').Append((char)b);
            else if (b is >= 0x20 and < 0x7f) sb.Append((char)b);
            else sb.Append("\\x").Append(b.ToString("x2", CultureInfo.InvariantCulture));
        }
        return sb.Append('"').ToString();
    }

    private static bool IsPlainIdentifier(string name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] == '_')) return false;
        foreach (var c in name)
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_')) return false;
        return name is not ("in" or "true" or "false" or "null");
    }

    /// <summary>A field name as written after '.' or in a message literal: plain, or backtick-quoted when it must be.</summary>
    private void AppendField(string name)
    {
        if (IsPlainIdentifier(name)) { _sb.Append(name); return; }
        foreach (var c in name)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or '/' or ' '))
                throw new ArgumentException($"the field name '{name}' cannot be written in CEL: backtick names allow only letters, digits, '_', '.', '-', '/' and spaces");
        if (name.Length == 0) throw new ArgumentException("an empty field name cannot be written in CEL");
        _sb.Append('`').Append(name).Append('`');
    }

    protected override void VisitSelect(SelectExpr s)
    {
        if (s.TestOnly) _sb.Append("has(");
        VisitOperand(s.Operand);
        _sb.Append('.');
        AppendField(s.Field);
        if (s.TestOnly) _sb.Append(')');
    }

    protected override void VisitCall(CallExpr c)
    {
        if (c.Target is null)
        {
            switch (c.Function, c.Args.Count)
            {
                case (Operators.Conditional, 3):
                    if (IsOptMapShape(c, out var target, out var name, out var variable, out var body))
                    {
                        VisitOperand(target);
                        _sb.Append('.').Append(name).Append('(').Append(variable).Append(", ");
                        Visit(body);
                        _sb.Append(')');
                        return;
                    }
                    VisitConditional(c);
                    return;
                case (Operators.Index, 2):
                    VisitOperand(c.Args[0]);
                    _sb.Append('[');
                    Visit(c.Args[1]);
                    _sb.Append(']');
                    return;
                case (Operators.OptionalIndex, 2):
                    VisitOperand(c.Args[0]);
                    _sb.Append("[?");
                    Visit(c.Args[1]);
                    _sb.Append(']');
                    return;
                case (Operators.OptionalSelect, 2) when c.Args[1] is ConstantExpr { Value: string field }:
                    VisitOperand(c.Args[0]);
                    _sb.Append(".?");
                    AppendField(field);
                    return;
                case (Operators.LogicalNot or Operators.Negate, 1):
                    VisitUnary(c);
                    return;
                case (_, 2) when BinarySymbol(c.Function) is not null:
                    VisitBinary(c);
                    return;
            }
        }
        else
        {
            VisitOperand(c.Target);
            _sb.Append('.');
        }
        _sb.Append(c.Function).Append('(');
        for (var i = 0; i < c.Args.Count; i++)
        {
            if (i > 0) _sb.Append(", ");
            Visit(c.Args[i]);
        }
        _sb.Append(')');
    }

    private void VisitConditional(CallExpr c)
    {
        // The grammar: conditionalOr ? conditionalOr : expr. Only a nested conditional needs parentheses, and not in the last place.
        VisitNested(c.Args[0], IsConditional(c.Args[0]));
        _sb.Append(" ? ");
        VisitNested(c.Args[1], IsConditional(c.Args[1]));
        _sb.Append(" : ");
        Visit(c.Args[2]);
    }

    private void VisitUnary(CallExpr c)
    {
        var operand = c.Args[0];
        var negate = c.Function == Operators.Negate;
        _sb.Append(negate ? '-' : '!');
        // '-!a' and '!-a' do not parse and '!!a' folds away, so unary operands keep their parentheses. A '-' before
        // text that starts with a number or another '-' would fold into the literal ('-1.f', '--1'), so those do too.
        var parens = IsBinary(operand) || IsConditional(operand) || IsUnary(operand);
        if (!parens && negate)
        {
            var text = Print(operand, options);
            parens = text.Length > 0 && (char.IsAsciiDigit(text[0]) || text[0] is '.' or '-');
        }
        VisitNested(operand, parens);
    }

    private void VisitBinary(CallExpr c)
    {
        if (c.Function is Operators.LogicalAnd or Operators.LogicalOr)
        {
            VisitLogicalChain(c);
            return;
        }
        var precedence = Precedence(c.Function);
        var lhs = c.Args[0];
        var rhs = c.Args[1];
        // Left-associative: a looser left operand needs parentheses; a right operand also when it is just as loose.
        VisitNested(lhs, IsOperatorCall(lhs) && Precedence(((CallExpr)lhs).Function) > precedence);
        _sb.Append(' ').Append(BinarySymbol(c.Function)).Append(' ');
        VisitNested(rhs, IsOperatorCall(rhs) && Precedence(((CallExpr)rhs).Function) >= precedence);
    }

    private static bool IsOperatorCall(Expr e) => IsBinary(e) || IsConditional(e);

    /// <summary>
    /// The parser turns a chain a || b || c ... into a balanced tree. A tree of that exact shape prints as a flat chain;
    /// any other nesting prints with parentheses around the nested same-operator operands so it re-parses as it is.
    /// </summary>
    private void VisitLogicalChain(CallExpr c)
    {
        var terms = new List<Expr>();
        Flatten(c, c.Function, terms);
        var precedence = Precedence(c.Function);
        if (MatchesBalanced(c, c.Function, terms, 0, terms.Count - 1))
        {
            for (var i = 0; i < terms.Count; i++)
            {
                if (i > 0) _sb.Append(' ').Append(BinarySymbol(c.Function)).Append(' ');
                VisitNested(terms[i], IsOperatorCall(terms[i]) && Precedence(((CallExpr)terms[i]).Function) > precedence);
            }
            return;
        }
        foreach (var (operand, i) in c.Args.Select((a, i) => (a, i)))
        {
            if (i > 0) _sb.Append(' ').Append(BinarySymbol(c.Function)).Append(' ');
            VisitNested(operand, IsOperatorCall(operand) && Precedence(((CallExpr)operand).Function) >= precedence);
        }
    }

    private static bool IsChainLink(Expr e, string function) => e is CallExpr { Target: null, Args.Count: 2 } c && c.Function == function;

    private static void Flatten(Expr e, string function, List<Expr> terms)
    {
        if (!IsChainLink(e, function)) { terms.Add(e); return; }
        var c = (CallExpr)e;
        Flatten(c.Args[0], function, terms);
        Flatten(c.Args[1], function, terms);
    }

    /// <summary>Whether e has the shape the parser's balancer builds for terms[lo..hi] (see Parser.Balance).</summary>
    private static bool MatchesBalanced(Expr e, string function, List<Expr> terms, int lo, int hi)
    {
        if (lo == hi) return ReferenceEquals(e, terms[lo]);
        if (!IsChainLink(e, function)) return false;
        var c = (CallExpr)e;
        // The balancer splits at operator (opLo + opHi + 1) / 2; the operators between terms[lo..hi] are lo..hi-1.
        var mid = (lo + hi) / 2;
        return MatchesBalanced(c.Args[0], function, terms, lo, mid) && MatchesBalanced(c.Args[1], function, terms, mid + 1, hi);
    }

    protected override void VisitList(ListExpr l)
    {
        _sb.Append('[');
        for (var i = 0; i < l.Elements.Count; i++)
        {
            if (i > 0) _sb.Append(", ");
            if (l.OptionalIndices.Contains(i)) _sb.Append('?');
            Visit(l.Elements[i]);
        }
        _sb.Append(']');
    }

    protected override void VisitMap(MapExpr m)
    {
        _sb.Append('{');
        for (var i = 0; i < m.Entries.Count; i++)
        {
            if (i > 0) _sb.Append(", ");
            if (m.Entries[i].Optional) _sb.Append('?');
            Visit(m.Entries[i].Key);
            _sb.Append(": ");
            Visit(m.Entries[i].Value);
        }
        _sb.Append('}');
    }

    protected override void VisitStruct(StructExpr s)
    {
        _sb.Append(s.TypeName).Append('{');
        for (var i = 0; i < s.Fields.Count; i++)
        {
            if (i > 0) _sb.Append(", ");
            if (s.Fields[i].Optional) _sb.Append('?');
            AppendField(s.Fields[i].Name);
            _sb.Append(": ");
            Visit(s.Fields[i].Value);
        }
        _sb.Append('}');
    }

    protected override void VisitComprehension(ComprehensionExpr c)
    {
        var (name, target, args) = MacroShapes.Recognise(c)
            ?? throw new ArgumentException(
                $"this comprehension (over '{c.IterVar}', accumulator '{c.AccuVar}') has no macro form, so it cannot be written in CEL");
        if (target is null)
        {
            _sb.Append(name).Append('(');
        }
        else
        {
            VisitOperand(target);
            _sb.Append('.').Append(name).Append('(');
        }
        for (var i = 0; i < args.Count; i++)
        {
            if (i > 0) _sb.Append(", ");
            Visit(args[i]);
        }
        _sb.Append(')');
    }

    /// <summary>cel-go's optMap/optFlatMap: target.hasValue() ? [optional.of](comprehension) : optional.none().</summary>
    private static bool IsOptMapShape(Expr e, out Expr target, out string name, out string variable, out Expr body)
    {
        target = null!;
        name = variable = "";
        body = null!;
        if (e is not CallExpr { Target: null, Function: Operators.Conditional, Args: [CallExpr { Function: "hasValue", Args.Count: 0, Target: { } t } , var whenSome, CallExpr { Target: null, Function: "optional.none", Args.Count: 0 }] })
            return false;
        var flat = whenSome is ComprehensionExpr;
        var comprehension = whenSome switch
        {
            ComprehensionExpr direct => direct,
            CallExpr { Target: null, Function: "optional.of", Args: [ComprehensionExpr inner] } => inner,
            _ => null,
        };
        if (comprehension is not { IterRange: ListExpr { Elements.Count: 0 }, LoopCondition: ConstantExpr { Value: false } }
            || comprehension.LoopStep is not IdentExpr step || step.Name != comprehension.AccuVar
            || comprehension.AccuInit is not CallExpr { Function: "value", Args.Count: 0, Target: { } valueOf }
            || !AstComparer.Instance.Equals(valueOf, t))
            return false;
        target = t;
        name = flat ? "optFlatMap" : "optMap";
        variable = comprehension.AccuVar;
        body = comprehension.Result;
        return true;
    }
}
