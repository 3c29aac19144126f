using PspReplacement.Cel.Runtime;

namespace PspReplacement.Cel.Parsing;

/// <summary>
/// Recursive-descent parser for the CEL grammar (cel-go's CEL.g4), building cel-go's AST shape with macros expanded.
/// Error recovery imitates ANTLR's default strategy closely enough to word errors like cel-go: single-token deletion
/// ("extraneous input"), single-token insertion ("missing"), otherwise "mismatched input", with errors suppressed
/// until the parser matches a token again. Recursion is bounded twice, as in cel-go: the nesting of expressions
/// (parentheses, lists, arguments: "expression recursion limit exceeded") and the depth of operator, member and
/// index chains ("max recursion depth exceeded"), so no input can exhaust the stack of this or any later tree walk.
/// </summary>
internal sealed class Parser
{
    private static readonly HashSet<string> ReservedIdentifiers =
    [
        "as", "break", "const", "continue", "else", "for", "function", "if", "import", "let", "loop", "package",
        "namespace", "return", "var", "void", "while",
    ];

    private static readonly TokenKind[] ExprStart =
    [
        TokenKind.LBracket, TokenKind.LBrace, TokenKind.LParen, TokenKind.Dot, TokenKind.Minus, TokenKind.Exclam,
        TokenKind.True, TokenKind.False, TokenKind.Null, TokenKind.NumFloat, TokenKind.NumInt, TokenKind.NumUint,
        TokenKind.String, TokenKind.Bytes, TokenKind.Identifier,
    ];

    private static readonly TokenKind[] AfterOperand =
    [
        TokenKind.Equals, TokenKind.NotEquals, TokenKind.In, TokenKind.Less, TokenKind.LessEquals, TokenKind.GreaterEquals,
        TokenKind.Greater, TokenKind.LogicalAnd, TokenKind.LogicalOr, TokenKind.LBracket, TokenKind.RBracket, TokenKind.RBrace,
        TokenKind.RParen, TokenKind.Dot, TokenKind.Comma, TokenKind.Minus, TokenKind.Question, TokenKind.Colon, TokenKind.Plus,
        TokenKind.Star, TokenKind.Slash, TokenKind.Percent, TokenKind.Eof,
    ];

    private readonly SourceText _source;
    private readonly ParserOptions _options;
    private readonly ParseErrors _errors;
    private readonly MacroExpander _macros;
    private List<Token> _tokens = [];
    private int _i;
    private bool _recovering;
    private int _recoveryAttempts;
    private int _nesting;

    public Parser(string text, ParserOptions options)
    {
        _source = new SourceText(text);
        _options = options;
        _errors = new ParseErrors(_source);
        _macros = new MacroExpander(options, (e, message) => _errors.Report(e.Position.Offset, message));
    }

    private sealed class LimitExceeded(string message) : Exception(message);

    public Expr ParseStart()
    {
        var text = _source.Text;
        var codePoints = CountCodePoints(text);
        if (codePoints > _options.ExpressionSizeCodePointLimit)
        {
            _errors.ReportGlobal($"expression code point size exceeds limit: size: {codePoints}, limit {_options.ExpressionSizeCodePointLimit}");
            throw _errors.ToException(_options.SourceDescription);
        }
        Expr? result = null;
        try
        {
            _tokens = new Lexer(text, _errors).Tokenize();
            result = ParseExpr();
            if (Cur.Kind != TokenKind.Eof)
            {
                if (Peek(1).Kind == TokenKind.Eof) SyntaxError(Cur, $"extraneous input '{Cur.ErrorDisplay}' expecting <EOF>");
                else SyntaxError(Cur, $"mismatched input '{Cur.ErrorDisplay}' expecting <EOF>");
            }
        }
        catch (LimitExceeded e)
        {
            if (e.Message.Length > 0) _errors.ReportGlobal(e.Message);
        }
        if (_errors.Count > 0 || result is null) throw _errors.ToException(_options.SourceDescription);
        return result;
    }

    private static int CountCodePoints(string s)
    {
        var n = s.Length;
        for (var i = 0; i + 1 < s.Length; i++)
            if (char.IsHighSurrogate(s[i]) && char.IsLowSurrogate(s[i + 1])) { n--; i++; }
        return n;
    }

    // ---- tokens ----

    private Token Cur => _tokens[_i];
    private Token Peek(int k) => _tokens[Math.Min(_i + k, _tokens.Count - 1)];

    /// <summary>Consumes the current token as a successful match, which ends error recovery as in ANTLR.</summary>
    private Token Advance()
    {
        var t = Cur;
        if (_i < _tokens.Count - 1) _i++;
        _recovering = false;
        return t;
    }

    private SourcePosition Pos(Token t) => _source.PositionOf(t.Start);

    private void SyntaxError(Token at, string message)
    {
        // Every error, reported or not, is a recovery attempt; past the limit cel-go gives up at the current token.
        if (++_recoveryAttempts > _options.ErrorRecoveryLimit)
        {
            _errors.ReportSyntax(Cur.Start, $"error recovery attempt limit exceeded: {_options.ErrorRecoveryLimit}");
            throw new LimitExceeded("");
        }
        if (_recovering) return;
        _recovering = true;
        _errors.ReportSyntax(at.Start, message);
    }

    private static string SetDisplay(IEnumerable<TokenKind> kinds)
    {
        var list = kinds.Distinct().Order().ToList();
        return list.Count == 1 ? Token.Display(list[0]) : "{" + string.Join(", ", list.Select(Token.Display)) + "}";
    }

    private Expr ErrorNode(SourcePosition at) => new ErrorExpr(at);

    /// <summary>Matches a token the grammar requires here, recovering like ANTLR when it is not there.</summary>
    private bool Expect(TokenKind kind)
    {
        if (Cur.Kind == kind) { Advance(); return true; }
        var want = Token.Display(kind);
        if (Peek(1).Kind == kind && Cur.Kind != TokenKind.Eof)
        {
            SyntaxError(Cur, $"extraneous input '{Cur.ErrorDisplay}' expecting {want}");
            _i++;
            Advance();
            return true;
        }
        var follow = kind is TokenKind.Colon ? ExprStart : AfterOperand;
        if (Array.IndexOf(follow, Cur.Kind) >= 0)
        {
            SyntaxError(Cur, $"missing {want} at '{Cur.ErrorDisplay}'");
            return true;
        }
        SyntaxError(Cur, $"mismatched input '{Cur.ErrorDisplay}' expecting {want}");
        if (kind is TokenKind.RParen or TokenKind.RBracket or TokenKind.RBrace) SkipPast(kind);
        return false;
    }

    /// <summary>Resynchronises after an error: skips to the closing token at this nesting level and consumes it.</summary>
    private void SkipPast(TokenKind closer)
    {
        var depth = 0;
        while (Cur.Kind != TokenKind.Eof)
        {
            var k = Cur.Kind;
            if (depth == 0 && k == closer) { Advance(); return; }
            if (k is TokenKind.LParen or TokenKind.LBracket or TokenKind.LBrace) depth++;
            else if (k is TokenKind.RParen or TokenKind.RBracket or TokenKind.RBrace)
            {
                if (depth == 0) return;
                depth--;
            }
            _i++;
        }
    }

    /// <summary>Reports a token that cannot start an expression where one must start. True when it was skipped as extraneous.</summary>
    private bool ReportNotAnExpression(IEnumerable<TokenKind> expected)
    {
        var set = SetDisplay(expected);
        if (Cur.Kind != TokenKind.Eof && Array.IndexOf(ExprStart, Peek(1).Kind) >= 0)
        {
            SyntaxError(Cur, $"extraneous input '{Cur.ErrorDisplay}' expecting {set}");
            _i++;
            return true;
        }
        SyntaxError(Cur, $"mismatched input '{Cur.ErrorDisplay}' expecting {set}");
        return false;
    }

    // ---- depth bookkeeping ----

    private static int DepthOf(Expr e) => e.ChainDepth;

    /// <summary>A node cel-go's visitor counts (operators, member access, index): its depth grows by one.</summary>
    private Expr Counted(Expr node, params Expr[] children)
    {
        var depth = 1;
        foreach (var c in children) depth = Math.Max(depth, DepthOf(c) + 1);
        if (depth > _options.MaxRecursionDepth) throw new LimitExceeded("max recursion depth exceeded");
        node.ChainDepth = depth;
        return node;
    }

    private Expr Passed(Expr node, IEnumerable<Expr> children)
    {
        var depth = 0;
        foreach (var c in children) depth = Math.Max(depth, DepthOf(c));
        if (depth > 0) node.ChainDepth = depth;
        return node;
    }

    // ---- grammar ----

    private Expr ParseExpr()
    {
        if (++_nesting > _options.MaxRecursionDepth)
            throw new LimitExceeded($"expression recursion limit exceeded: {_options.MaxRecursionDepth}");
        try
        {
            var condition = ParseConditionalOr();
            if (Cur.Kind != TokenKind.Question) return condition;
            var q = Advance();
            var whenTrue = ParseConditionalOr();
            Expect(TokenKind.Colon);
            var whenFalse = ParseExpr();
            return Counted(new CallExpr(null, Operators.Conditional, [condition, whenTrue, whenFalse], Pos(q)), condition, whenTrue, whenFalse);
        }
        finally { _nesting--; }
    }

    private Expr ParseConditionalOr() => ParseLogical(TokenKind.LogicalOr, Operators.LogicalOr, ParseConditionalAnd);
    private Expr ParseConditionalAnd() => ParseLogical(TokenKind.LogicalAnd, Operators.LogicalAnd, ParseRelation);

    /// <summary>A chain of || or &amp;&amp;, balanced into a tree as cel-go does so long chains stay shallow.</summary>
    private Expr ParseLogical(TokenKind op, string function, Func<Expr> operand)
    {
        var first = operand();
        if (Cur.Kind != op) return first;
        var terms = new List<Expr> { first };
        var ops = new List<SourcePosition>();
        while (Cur.Kind == op)
        {
            ops.Add(Pos(Advance()));
            terms.Add(operand());
        }
        return Balance(terms, ops, function, 0, ops.Count - 1);
    }

    private Expr Balance(List<Expr> terms, List<SourcePosition> ops, string function, int lo, int hi)
    {
        var mid = (lo + hi + 1) / 2;
        var left = mid == lo ? terms[mid] : Balance(terms, ops, function, lo, mid - 1);
        var right = mid == hi ? terms[mid + 1] : Balance(terms, ops, function, mid + 1, hi);
        return Passed(new CallExpr(null, function, [left, right], ops[mid]), [left, right]);
    }

    private Expr ParseRelation()
    {
        var left = ParseAdditive();
        while (true)
        {
            var function = Cur.Kind switch
            {
                TokenKind.Less => Operators.Less,
                TokenKind.LessEquals => Operators.LessEquals,
                TokenKind.Greater => Operators.Greater,
                TokenKind.GreaterEquals => Operators.GreaterEquals,
                TokenKind.Equals => Operators.Equal,
                TokenKind.NotEquals => Operators.NotEqual,
                TokenKind.In => Operators.In,
                _ => null,
            };
            if (function is null) return left;
            var op = Advance();
            var right = ParseAdditive();
            left = Counted(new CallExpr(null, function, [left, right], Pos(op)), left, right);
        }
    }

    private Expr ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (Cur.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            var op = Advance();
            var right = ParseMultiplicative();
            left = Counted(new CallExpr(null, op.Kind == TokenKind.Plus ? Operators.Add : Operators.Subtract, [left, right], Pos(op)), left, right);
        }
        return left;
    }

    private Expr ParseMultiplicative()
    {
        var left = ParseUnary();
        while (Cur.Kind is TokenKind.Star or TokenKind.Slash or TokenKind.Percent)
        {
            var op = Advance();
            var right = ParseUnary();
            var function = op.Kind switch { TokenKind.Star => Operators.Multiply, TokenKind.Slash => Operators.Divide, _ => Operators.Modulo };
            left = Counted(new CallExpr(null, function, [left, right], Pos(op)), left, right);
        }
        return left;
    }

    private Expr ParseUnary()
    {
        if (Cur.Kind == TokenKind.Exclam)
        {
            var first = Cur;
            var count = 0;
            while (Cur.Kind == TokenKind.Exclam) { Advance(); count++; }
            var operand = ParseMember();
            return count % 2 == 0 ? operand : Passed(new CallExpr(null, Operators.LogicalNot, [operand], Pos(first)), [operand]);
        }
        if (Cur.Kind == TokenKind.Minus)
        {
            var run = 0;
            while (Peek(run).Kind == TokenKind.Minus) run++;
            // One minus before a number is part of the literal (cel-go's grammar prefers it), so -9223372036854775808 parses.
            if (run == 1 && Peek(1).Kind is TokenKind.NumInt or TokenKind.NumFloat) return ParseMember();
            var first = Cur;
            for (var k = 0; k < run; k++) Advance();
            if (Array.IndexOf(ExprStart, Cur.Kind) < 0 || Cur.Kind is TokenKind.Minus)
            {
                var text = "-" + (Cur.Kind == TokenKind.Eof ? "" : Cur.Text);
                SyntaxError(Cur, $"no viable alternative at input '{Token.EscapeForError(text)}'");
                return ErrorNode(Pos(Cur));
            }
            var operand = ParseMember();
            return run % 2 == 0 ? operand : Passed(new CallExpr(null, Operators.Negate, [operand], Pos(first)), [operand]);
        }
        return ParseMember();
    }

    private Expr ParseMember()
    {
        var (expr, qualifiedName) = ParsePrimary();
        while (true)
        {
            switch (Cur.Kind)
            {
                case TokenKind.Dot:
                {
                    var dot = Advance();
                    if (Cur.Kind == TokenKind.Question)
                    {
                        Advance();
                        if (!_options.EnableOptionalSyntax) _errors.Report(dot.Start, "unsupported syntax '.?'");
                        var field = ParseFieldName();
                        if (field is null) return expr;
                        expr = Counted(new CallExpr(null, Operators.OptionalSelect, [expr, new ConstantExpr(field, Pos(dot))], Pos(dot)), expr);
                        qualifiedName = null;
                        continue;
                    }
                    if (Cur.Kind == TokenKind.Identifier && Peek(1).Kind == TokenKind.LParen)
                    {
                        var name = Advance().Text;
                        var open = Advance();
                        var args = ParseArguments();
                        expr = CallOrMacro(expr, name, args, Pos(open));
                        qualifiedName = null;
                        continue;
                    }
                    if (Cur.Kind is TokenKind.Identifier or TokenKind.EscIdentifier)
                    {
                        var isPlain = Cur.Kind == TokenKind.Identifier;
                        var field = ParseFieldName()!;
                        expr = Counted(new SelectExpr(expr, field, false, Pos(dot)), expr);
                        qualifiedName = isPlain && qualifiedName is not null ? qualifiedName + "." + field : null;
                        continue;
                    }
                    if (Cur.Kind is TokenKind.True or TokenKind.False or TokenKind.Null or TokenKind.In)
                        SyntaxError(Cur, $"mismatched input '{Cur.ErrorDisplay}' expecting IDENTIFIER");
                    else
                        SyntaxError(Cur, $"no viable alternative at input '{Token.EscapeForError("." + (Cur.Kind == TokenKind.Eof ? "" : Cur.Text))}'");
                    return expr;
                }
                case TokenKind.LBracket:
                {
                    var open = Advance();
                    var optional = false;
                    if (Cur.Kind == TokenKind.Question)
                    {
                        Advance();
                        if (!_options.EnableOptionalSyntax) _errors.Report(open.Start, "unsupported syntax '[?'");
                        optional = true;
                    }
                    var index = ParseExpr();
                    Expect(TokenKind.RBracket);
                    expr = Counted(new CallExpr(null, optional ? Operators.OptionalIndex : Operators.Index, [expr, index], Pos(open)), expr, index);
                    qualifiedName = null;
                    continue;
                }
                case TokenKind.LBrace when qualifiedName is not null:
                    expr = ParseMessage(qualifiedName);
                    qualifiedName = null;
                    continue;
                default:
                    return expr;
            }
        }
    }

    /// <summary>A field name after '.', '.?' or in a message literal: IDENTIFIER or a backtick-quoted name.</summary>
    private string? ParseFieldName()
    {
        if (Cur.Kind == TokenKind.Identifier) return Advance().Text;
        if (Cur.Kind == TokenKind.EscIdentifier)
        {
            var t = Advance();
            if (!_options.EnableIdentEscapeSyntax) _errors.Report(t.Start, "unsupported syntax: '`'");
            return t.Text[1..^1];
        }
        SyntaxError(Cur, $"mismatched input '{Cur.ErrorDisplay}' expecting {SetDisplay([TokenKind.Identifier, TokenKind.EscIdentifier])}");
        return null;
    }

    private List<Expr> ParseArguments()
    {
        var args = new List<Expr>();
        if (Cur.Kind != TokenKind.RParen)
        {
            if (Array.IndexOf(ExprStart, Cur.Kind) < 0) ReportNotAnExpression([.. ExprStart, TokenKind.RParen]);
            if (Cur.Kind != TokenKind.RParen)
            {
                args.Add(ParseExpr());
                while (Cur.Kind == TokenKind.Comma)
                {
                    Advance();
                    args.Add(ParseExpr());
                }
            }
        }
        Expect(TokenKind.RParen);
        return args;
    }

    private Expr CallOrMacro(Expr? target, string function, List<Expr> args, SourcePosition at)
    {
        var expanded = _macros.TryExpand(function, target, args, at, ErrorNode);
        var children = target is null ? args : [target, .. args];
        if (expanded is not null) return Passed(expanded, children);
        var call = new CallExpr(target, function, args, at);
        return target is null ? Passed(call, children) : Counted(call, [.. children]);
    }

    private (Expr Expr, string? QualifiedName) ParsePrimary()
    {
        var t = Cur;
        switch (t.Kind)
        {
            case TokenKind.Dot:
            {
                Advance();
                if (Cur.Kind != TokenKind.Identifier)
                {
                    SyntaxError(Cur, $"no viable alternative at input '{Token.EscapeForError("." + (Cur.Kind == TokenKind.Eof ? "" : Cur.Text))}'");
                    return (ErrorNode(Pos(t)), null);
                }
                return IdentOrCall(t, "." + Advance().Text);
            }
            case TokenKind.Identifier:
                return IdentOrCall(t, Advance().Text);
            case TokenKind.LParen:
            {
                Advance();
                var inner = ParseExpr();
                Expect(TokenKind.RParen);
                return (inner, null);
            }
            case TokenKind.LBracket: return (ParseList(), null);
            case TokenKind.LBrace: return (ParseMap(), null);
            case TokenKind.Minus:
            {
                Advance();
                var number = Advance();
                return (Literal(number, negative: true, Pos(t)), null);
            }
            case TokenKind.NumInt or TokenKind.NumUint or TokenKind.NumFloat or TokenKind.String or TokenKind.Bytes
                or TokenKind.True or TokenKind.False or TokenKind.Null:
                Advance();
                return (Literal(t, negative: false, Pos(t)), null);
            default:
                if (ReportNotAnExpression(ExprStart)) return ParsePrimary();
                return (ErrorNode(Pos(t)), null);
        }
    }

    private (Expr, string?) IdentOrCall(Token start, string name)
    {
        var bare = name.TrimStart('.');
        if (ReservedIdentifiers.Contains(bare))
        {
            _errors.Report(start.Start, $"reserved identifier: {bare}");
            if (Cur.Kind == TokenKind.LParen) { Advance(); ParseArguments(); }
            return (ErrorNode(Pos(start)), null);
        }
        if (Cur.Kind == TokenKind.LParen)
        {
            var open = Advance();
            var args = ParseArguments();
            return (CallOrMacro(null, name, args, Pos(open)), null);
        }
        return (new IdentExpr(name, Pos(start)), name);
    }

    private Expr Literal(Token t, bool negative, SourcePosition at)
    {
        switch (t.Kind)
        {
            case TokenKind.NumInt:
                if (LiteralDecoder.ParseInt(t.Text, negative) is { } i) return new ConstantExpr(i, at);
                _errors.Report(at.Offset, "invalid int literal");
                return ErrorNode(at);
            case TokenKind.NumUint:
                if (LiteralDecoder.ParseUint(t.Text) is { } u) return new ConstantExpr(u, at);
                _errors.Report(at.Offset, "invalid uint literal");
                return ErrorNode(at);
            case TokenKind.NumFloat:
                if (LiteralDecoder.ParseDouble(t.Text, negative) is { } d) return new ConstantExpr(d, at);
                _errors.Report(at.Offset, "invalid double literal");
                return ErrorNode(at);
            case TokenKind.String or TokenKind.Bytes:
            {
                var (value, error) = LiteralDecoder.DecodeQuoted(t.Text, t.Kind == TokenKind.Bytes);
                if (value is not null) return new ConstantExpr(value, at);
                _errors.Report(at.Offset, error!);
                return ErrorNode(at);
            }
            case TokenKind.True: return new ConstantExpr(CelValue.True, at);
            case TokenKind.False: return new ConstantExpr(CelValue.False, at);
            case TokenKind.Null: return new ConstantExpr(CelNull.Value, at);
            default:
                SyntaxError(t, $"mismatched input '{t.ErrorDisplay}' expecting {SetDisplay([TokenKind.NumFloat, TokenKind.NumInt])}");
                return ErrorNode(at);
        }
    }

    /// <summary>'?' before a list element, map key or field: optional syntax, an error when it is off.</summary>
    private bool ParseOptionalMarker()
    {
        if (Cur.Kind != TokenKind.Question) return false;
        var q = Advance();
        ReportOptionalMarker(q);
        return true;
    }

    private void ReportOptionalMarker(Token q)
    {
        if (!_options.EnableOptionalSyntax) _errors.Report(q.Start, "unsupported syntax '?'");
    }

    private Expr ParseList()
    {
        var open = Advance();
        var elements = new List<Expr>();
        var optional = new List<int>();
        TokenKind[] startSet = [.. ExprStart, TokenKind.RBracket, TokenKind.Comma, TokenKind.Question];
        if (Array.IndexOf(startSet, Cur.Kind) < 0) ReportNotAnExpression(startSet);
        if (Cur.Kind is not (TokenKind.RBracket or TokenKind.Comma))
        {
            while (true)
            {
                if (ParseOptionalMarker()) optional.Add(elements.Count);
                elements.Add(ParseExpr());
                if (Cur.Kind == TokenKind.Comma && Peek(1).Kind != TokenKind.RBracket) { Advance(); continue; }
                break;
            }
        }
        if (Cur.Kind == TokenKind.Comma) Advance();
        Expect(TokenKind.RBracket);
        return Passed(new ListExpr(elements, optional, Pos(open)), elements);
    }

    private Expr ParseMap()
    {
        var open = Advance();
        var entries = new List<MapEntry>();
        TokenKind[] startSet = [.. ExprStart, TokenKind.RBrace, TokenKind.Comma, TokenKind.Question];
        if (Array.IndexOf(startSet, Cur.Kind) < 0) ReportNotAnExpression(startSet);
        if (Cur.Kind is not (TokenKind.RBrace or TokenKind.Comma))
        {
            while (true)
            {
                var optional = ParseOptionalMarker();
                var key = ParseExpr();
                var colon = Cur;
                Expect(TokenKind.Colon);
                var value = ParseExpr();
                entries.Add(new MapEntry(key, value, optional, Pos(colon)));
                if (Cur.Kind == TokenKind.Comma && Peek(1).Kind != TokenKind.RBrace) { Advance(); continue; }
                break;
            }
        }
        if (Cur.Kind == TokenKind.Comma) Advance();
        Expect(TokenKind.RBrace);
        return Passed(new MapExpr(entries, Pos(open)), entries.SelectMany(e => new[] { e.Key, e.Value }));
    }

    private Expr ParseMessage(string typeName)
    {
        var open = Advance();
        var fields = new List<StructField>();
        TokenKind[] startSet = [TokenKind.RBrace, TokenKind.Comma, TokenKind.Question, TokenKind.Identifier, TokenKind.EscIdentifier];
        if (Array.IndexOf(startSet, Cur.Kind) < 0)
        {
            var set = SetDisplay(startSet);
            if (Cur.Kind != TokenKind.Eof && Array.IndexOf(startSet, Peek(1).Kind) >= 0)
            {
                SyntaxError(Cur, $"extraneous input '{Cur.ErrorDisplay}' expecting {set}");
                _i++;
            }
            else
            {
                SyntaxError(Cur, $"mismatched input '{Cur.ErrorDisplay}' expecting {set}");
                SkipPast(TokenKind.RBrace);
                return ErrorNode(Pos(open));
            }
        }
        if (Cur.Kind is not (TokenKind.RBrace or TokenKind.Comma))
        {
            while (true)
            {
                var question = Cur;
                var optional = Cur.Kind == TokenKind.Question;
                if (optional) Advance();
                var name = ParseFieldName();
                if (name is null) { SkipPast(TokenKind.RBrace); return ErrorNode(Pos(open)); }
                if (optional) ReportOptionalMarker(question);
                var colon = Cur;
                Expect(TokenKind.Colon);
                var value = ParseExpr();
                fields.Add(new StructField(name, value, optional, Pos(colon)));
                if (Cur.Kind == TokenKind.Comma && Peek(1).Kind != TokenKind.RBrace) { Advance(); continue; }
                break;
            }
        }
        if (Cur.Kind == TokenKind.Comma) Advance();
        Expect(TokenKind.RBrace);
        return Passed(new StructExpr(typeName, fields, Pos(open)), fields.Select(f => f.Value));
    }
}
