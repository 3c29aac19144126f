namespace PspReplacement.Yaml;

/// <summary>
/// A position as go-yaml counts it: characters from the start of the document text, 0-based line and column (where
/// CR, NEL, LS and PS break lines too), and the offset in the text's UTF-16 characters.
/// </summary>
internal readonly record struct TextMark(int Index, int Line, int Column, int Offset = 0);

internal enum TokenKind : byte
{
    StreamStart,
    StreamEnd,
    VersionDirective,
    TagDirective,
    DocumentStart,
    DocumentEnd,
    BlockSequenceStart,
    BlockMappingStart,
    BlockEnd,
    FlowSequenceStart,
    FlowSequenceEnd,
    FlowMappingStart,
    FlowMappingEnd,
    BlockEntry,
    FlowEntry,
    Key,
    Value,
    Alias,
    Anchor,
    Tag,
    Scalar,
}

internal struct Token
{
    public TokenKind Kind;
    public ScalarStyle Style;
    public TextMark Start;
    public TextMark End;
    /// <summary>A scalar's text, an anchor's or alias's name, a tag's handle, a %TAG directive's handle.</summary>
    public string? Value;
    /// <summary>A tag's suffix, a %TAG directive's prefix.</summary>
    public string? Suffix;
    public int Major;
    public int Minor;

    public Token(TokenKind kind, TextMark start, TextMark end)
    {
        Kind = kind;
        Start = start;
        End = end;
    }
}

/// <summary>A syntax error in go-yaml's words: the problem, where it is, and the construct being read when it was found.</summary>
internal sealed class YamlSyntaxException(string problem, TextMark mark, string? context = null, TextMark contextMark = default) : Exception(problem)
{
    public string Problem { get; } = problem;
    public TextMark Mark { get; } = mark;
    public string? Context { get; } = context;
    public TextMark ContextMark { get; } = contextMark;
}

/// <summary>The scanner's queue: tokens are consumed from the head, and a KEY or block start may be inserted before tokens already queued.</summary>
internal sealed class TokenQueue
{
    private Token[] _items = new Token[16];
    private int _head;
    private int _tail;

    public int Count => _tail - _head;

    public ref Token Head => ref _items[_head];

    public void Clear() => _head = _tail = 0;

    public void Add(in Token token) => Insert(Count, token);

    /// <summary>Inserts at a position counted from the head.</summary>
    public void Insert(int position, in Token token)
    {
        if (_tail == _items.Length)
        {
            if (_head > 0)
            {
                Array.Copy(_items, _head, _items, 0, Count);
                _tail -= _head;
                _head = 0;
            }
            if (_tail == _items.Length) Array.Resize(ref _items, _items.Length * 2);
        }
        var at = _head + position;
        if (at < _tail) Array.Copy(_items, at, _items, at + 1, _tail - at);
        _items[at] = token;
        _tail++;
    }

    public Token Dequeue()
    {
        var token = _items[_head++];
        if (_head == _tail) _head = _tail = 0;
        return token;
    }
}
