namespace PspReplacement.Cel.Parsing;

/// <summary>
/// Token kinds in the order of cel-go's ANTLR grammar (CEL.g4), because syntax errors list expected tokens in that order.
/// </summary>
internal enum TokenKind
{
    Equals, NotEquals, In, Less, LessEquals, GreaterEquals, Greater, LogicalAnd, LogicalOr,
    LBracket, RBracket, LBrace, RBrace, LParen, RParen, Dot, Comma, Minus, Exclam, Question, Colon,
    Plus, Star, Slash, Percent, True, False, Null,
    NumFloat, NumInt, NumUint, String, Bytes, Identifier, EscIdentifier,
    Eof,
}

/// <summary>A token: kind, the UTF-16 span in the source, and the span's text.</summary>
internal readonly record struct Token(TokenKind Kind, int Start, int End, string Text)
{
    public static string Display(TokenKind kind) => kind switch
    {
        TokenKind.Equals => "'=='", TokenKind.NotEquals => "'!='", TokenKind.In => "'in'",
        TokenKind.Less => "'<'", TokenKind.LessEquals => "'<='", TokenKind.GreaterEquals => "'>='", TokenKind.Greater => "'>'",
        TokenKind.LogicalAnd => "'&&'", TokenKind.LogicalOr => "'||'",
        TokenKind.LBracket => "'['", TokenKind.RBracket => "']'", TokenKind.LBrace => "'{'", TokenKind.RBrace => "'}'",
        TokenKind.LParen => "'('", TokenKind.RParen => "')'", TokenKind.Dot => "'.'", TokenKind.Comma => "','",
        TokenKind.Minus => "'-'", TokenKind.Exclam => "'!'", TokenKind.Question => "'?'", TokenKind.Colon => "':'",
        TokenKind.Plus => "'+'", TokenKind.Star => "'*'", TokenKind.Slash => "'/'", TokenKind.Percent => "'%'",
        TokenKind.True => "'true'", TokenKind.False => "'false'", TokenKind.Null => "'null'",
        TokenKind.NumFloat => "NUM_FLOAT", TokenKind.NumInt => "NUM_INT", TokenKind.NumUint => "NUM_UINT",
        TokenKind.String => "STRING", TokenKind.Bytes => "BYTES", TokenKind.Identifier => "IDENTIFIER",
        TokenKind.EscIdentifier => "ESC_IDENTIFIER", TokenKind.Eof => "<EOF>",
        _ => kind.ToString(),
    };

    /// <summary>How ANTLR shows a token in an error: its text with \n, \r and \t escaped, or &lt;EOF&gt;.</summary>
    public string ErrorDisplay => Kind == TokenKind.Eof ? "<EOF>" : EscapeForError(Text);

    public static string EscapeForError(string text) => text.Replace("\n", "\\n").Replace("\r", "\\r").Replace("\t", "\\t");
}
