namespace PspReplacement.Yaml;

internal enum EventKind : byte
{
    StreamStart,
    StreamEnd,
    DocumentStart,
    DocumentEnd,
    Alias,
    Scalar,
    SequenceStart,
    SequenceEnd,
    MappingStart,
    MappingEnd,
}

internal struct YamlEvent
{
    public EventKind Kind;
    public TextMark Start;
    public TextMark End;
    public string? Anchor;
    /// <summary>The resolved tag ("tag:yaml.org,2002:str", "!foo", "!"), or null.</summary>
    public string? Tag;
    public string? Value;
    /// <summary>A scalar that may be typed by its text: plain and untagged, or tagged "!" (go-yaml's plain_implicit).</summary>
    public bool Implicit;
    public ScalarStyle Style;
    /// <summary>For DocumentEnd: the document was closed by "..." (not implicitly).</summary>
    public bool Explicit;
}

/// <summary>
/// The event state machine of go-yaml v2's parserc.go: documents, block and flow collections, indentless sequences,
/// empty values, anchors and tags with %TAG handles, and the same error wording.
/// </summary>
internal sealed class Parser
{
    private enum State : byte
    {
        StreamStart,
        ImplicitDocumentStart,
        DocumentStart,
        DocumentContent,
        DocumentEnd,
        BlockNode,
        BlockNodeOrIndentlessSequence,
        FlowNode,
        BlockSequenceFirstEntry,
        BlockSequenceEntry,
        IndentlessSequenceEntry,
        BlockMappingFirstKey,
        BlockMappingKey,
        BlockMappingValue,
        FlowSequenceFirstEntry,
        FlowSequenceEntry,
        FlowSequenceEntryMappingKey,
        FlowSequenceEntryMappingValue,
        FlowSequenceEntryMappingEnd,
        FlowMappingFirstKey,
        FlowMappingKey,
        FlowMappingValue,
        FlowMappingEmptyValue,
        End,
    }

    private readonly Scanner _scanner;
    private State _state = State.StreamStart;
    private readonly Stack<State> _states = new();
    private readonly Stack<TextMark> _marks = new();
    private readonly List<(string Handle, string Prefix)> _tagDirectives = [];

    public Parser(Scanner scanner) => _scanner = scanner;

    public Scanner Scanner => _scanner;

    /// <summary>The next event; StreamEnd again once the stream has ended.</summary>
    public YamlEvent Next()
    {
        if (_state == State.End) return new YamlEvent { Kind = EventKind.StreamEnd, Start = _scanner.Mark, End = _scanner.Mark };
        return _state switch
        {
            State.StreamStart => ParseStreamStart(),
            State.ImplicitDocumentStart => ParseDocumentStart(implicitStart: true),
            State.DocumentStart => ParseDocumentStart(implicitStart: false),
            State.DocumentContent => ParseDocumentContent(),
            State.DocumentEnd => ParseDocumentEnd(),
            State.BlockNode => ParseNode(block: true, indentlessSequence: false),
            State.BlockNodeOrIndentlessSequence => ParseNode(block: true, indentlessSequence: true),
            State.FlowNode => ParseNode(block: false, indentlessSequence: false),
            State.BlockSequenceFirstEntry => ParseBlockSequenceEntry(first: true),
            State.BlockSequenceEntry => ParseBlockSequenceEntry(first: false),
            State.IndentlessSequenceEntry => ParseIndentlessSequenceEntry(),
            State.BlockMappingFirstKey => ParseBlockMappingKey(first: true),
            State.BlockMappingKey => ParseBlockMappingKey(first: false),
            State.BlockMappingValue => ParseBlockMappingValue(),
            State.FlowSequenceFirstEntry => ParseFlowSequenceEntry(first: true),
            State.FlowSequenceEntry => ParseFlowSequenceEntry(first: false),
            State.FlowSequenceEntryMappingKey => ParseFlowSequenceEntryMappingKey(),
            State.FlowSequenceEntryMappingValue => ParseFlowSequenceEntryMappingValue(),
            State.FlowSequenceEntryMappingEnd => ParseFlowSequenceEntryMappingEnd(),
            State.FlowMappingFirstKey => ParseFlowMappingKey(first: true),
            State.FlowMappingKey => ParseFlowMappingKey(first: false),
            State.FlowMappingValue => ParseFlowMappingValue(empty: false),
            State.FlowMappingEmptyValue => ParseFlowMappingValue(empty: true),
            _ => throw new InvalidOperationException($"parser state {_state}"),
        };
    }

    private Token Peek() => _scanner.Peek();

    private void Skip() => _scanner.SkipToken();

    private static YamlSyntaxException Error(string problem, TextMark mark) => new(problem, mark);

    private static YamlSyntaxException Error(string context, TextMark contextMark, string problem, TextMark mark) => new(problem, mark, context, contextMark);

    private void Pop() => _state = _states.Pop();

    private YamlEvent ParseStreamStart()
    {
        var token = Peek();
        if (token.Kind != TokenKind.StreamStart) throw Error("did not find expected <stream-start>", token.Start);
        _state = State.ImplicitDocumentStart;
        Skip();
        return new YamlEvent { Kind = EventKind.StreamStart, Start = token.Start, End = token.End };
    }

    private YamlEvent ParseDocumentStart(bool implicitStart)
    {
        var token = Peek();
        if (!implicitStart)
        {
            while (token.Kind == TokenKind.DocumentEnd)
            {
                Skip();
                token = Peek();
            }
        }
        if (implicitStart && token.Kind is not (TokenKind.VersionDirective or TokenKind.TagDirective or TokenKind.DocumentStart or TokenKind.StreamEnd))
        {
            ProcessDirectives();
            _states.Push(State.DocumentEnd);
            _state = State.BlockNode;
            return new YamlEvent { Kind = EventKind.DocumentStart, Start = token.Start, End = token.End };
        }
        if (token.Kind != TokenKind.StreamEnd)
        {
            var start = token.Start;
            ProcessDirectives();
            token = Peek();
            if (token.Kind != TokenKind.DocumentStart) throw Error("did not find expected <document start>", token.Start);
            _states.Push(State.DocumentEnd);
            _state = State.DocumentContent;
            Skip();
            return new YamlEvent { Kind = EventKind.DocumentStart, Start = start, End = token.End, Explicit = true };
        }
        _state = State.End;
        Skip();
        return new YamlEvent { Kind = EventKind.StreamEnd, Start = token.Start, End = token.End };
    }

    private YamlEvent ParseDocumentContent()
    {
        var token = Peek();
        if (token.Kind is TokenKind.VersionDirective or TokenKind.TagDirective or TokenKind.DocumentStart or TokenKind.DocumentEnd or TokenKind.StreamEnd)
        {
            Pop();
            return EmptyScalar(token.Start);
        }
        return ParseNode(block: true, indentlessSequence: false);
    }

    private YamlEvent ParseDocumentEnd()
    {
        var token = Peek();
        var start = token.Start;
        var end = token.Start;
        var explicitEnd = false;
        if (token.Kind == TokenKind.DocumentEnd)
        {
            end = token.End;
            Skip();
            explicitEnd = true;
        }
        _tagDirectives.Clear();
        _state = State.DocumentStart;
        return new YamlEvent { Kind = EventKind.DocumentEnd, Start = start, End = end, Explicit = explicitEnd };
    }

    private YamlEvent ParseNode(bool block, bool indentlessSequence)
    {
        var token = Peek();
        if (token.Kind == TokenKind.Alias)
        {
            Pop();
            Skip();
            return new YamlEvent { Kind = EventKind.Alias, Start = token.Start, End = token.End, Anchor = token.Value };
        }

        var start = token.Start;
        var end = token.Start;
        string? anchor = null, tagHandle = null, tagSuffix = null;
        var hasTag = false;
        var tagMark = default(TextMark);
        if (token.Kind == TokenKind.Anchor)
        {
            anchor = token.Value;
            end = token.End;
            Skip();
            token = Peek();
            if (token.Kind == TokenKind.Tag)
            {
                hasTag = true;
                (tagHandle, tagSuffix, tagMark, end) = (token.Value, token.Suffix, token.Start, token.End);
                Skip();
                token = Peek();
            }
        }
        else if (token.Kind == TokenKind.Tag)
        {
            hasTag = true;
            (tagHandle, tagSuffix, tagMark, end) = (token.Value, token.Suffix, token.Start, token.End);
            Skip();
            token = Peek();
            if (token.Kind == TokenKind.Anchor)
            {
                anchor = token.Value;
                end = token.End;
                Skip();
                token = Peek();
            }
        }

        string? tag = null;
        if (hasTag)
        {
            if (string.IsNullOrEmpty(tagHandle)) tag = tagSuffix;
            else
            {
                foreach (var (handle, prefix) in _tagDirectives)
                    if (handle == tagHandle) { tag = prefix + tagSuffix; break; }
                if (string.IsNullOrEmpty(tag)) throw Error("while parsing a node", start, "found undefined tag handle", tagMark);
            }
            if (tag?.Length == 0) tag = null;
        }

        if (indentlessSequence && token.Kind == TokenKind.BlockEntry)
        {
            _state = State.IndentlessSequenceEntry;
            return new YamlEvent { Kind = EventKind.SequenceStart, Start = start, End = token.End, Anchor = anchor, Tag = tag };
        }
        switch (token.Kind)
        {
            case TokenKind.Scalar:
                Pop();
                Skip();
                return new YamlEvent
                {
                    Kind = EventKind.Scalar, Start = start, End = token.End, Anchor = anchor, Tag = tag, Value = token.Value,
                    Implicit = (tag is null && token.Style == ScalarStyle.Plain) || tag == "!", Style = token.Style,
                };
            case TokenKind.FlowSequenceStart:
                _state = State.FlowSequenceFirstEntry;
                return new YamlEvent { Kind = EventKind.SequenceStart, Start = start, End = token.End, Anchor = anchor, Tag = tag };
            case TokenKind.FlowMappingStart:
                _state = State.FlowMappingFirstKey;
                return new YamlEvent { Kind = EventKind.MappingStart, Start = start, End = token.End, Anchor = anchor, Tag = tag };
            case TokenKind.BlockSequenceStart when block:
                _state = State.BlockSequenceFirstEntry;
                return new YamlEvent { Kind = EventKind.SequenceStart, Start = start, End = token.End, Anchor = anchor, Tag = tag };
            case TokenKind.BlockMappingStart when block:
                _state = State.BlockMappingFirstKey;
                return new YamlEvent { Kind = EventKind.MappingStart, Start = start, End = token.End, Anchor = anchor, Tag = tag };
        }
        if (anchor is not null || tag is not null)
        {
            // An anchor or tag with no content: an empty scalar.
            Pop();
            return new YamlEvent { Kind = EventKind.Scalar, Start = start, End = end, Anchor = anchor, Tag = tag, Value = "", Implicit = tag is null, Style = ScalarStyle.Plain };
        }
        throw Error(block ? "while parsing a block node" : "while parsing a flow node", start, "did not find expected node content", token.Start);
    }

    private YamlEvent ParseBlockSequenceEntry(bool first)
    {
        if (first)
        {
            _marks.Push(Peek().Start);
            Skip();
        }
        var token = Peek();
        if (token.Kind == TokenKind.BlockEntry)
        {
            var mark = token.End;
            Skip();
            token = Peek();
            if (token.Kind is not (TokenKind.BlockEntry or TokenKind.BlockEnd))
            {
                _states.Push(State.BlockSequenceEntry);
                return ParseNode(block: true, indentlessSequence: false);
            }
            _state = State.BlockSequenceEntry;
            return EmptyScalar(mark);
        }
        if (token.Kind == TokenKind.BlockEnd)
        {
            Pop();
            _marks.Pop();
            Skip();
            return new YamlEvent { Kind = EventKind.SequenceEnd, Start = token.Start, End = token.End };
        }
        throw Error("while parsing a block collection", _marks.Pop(), "did not find expected '-' indicator", token.Start);
    }

    private YamlEvent ParseIndentlessSequenceEntry()
    {
        var token = Peek();
        if (token.Kind == TokenKind.BlockEntry)
        {
            var mark = token.End;
            Skip();
            token = Peek();
            if (token.Kind is not (TokenKind.BlockEntry or TokenKind.Key or TokenKind.Value or TokenKind.BlockEnd))
            {
                _states.Push(State.IndentlessSequenceEntry);
                return ParseNode(block: true, indentlessSequence: false);
            }
            _state = State.IndentlessSequenceEntry;
            return EmptyScalar(mark);
        }
        Pop();
        return new YamlEvent { Kind = EventKind.SequenceEnd, Start = token.Start, End = token.Start };
    }

    private YamlEvent ParseBlockMappingKey(bool first)
    {
        if (first)
        {
            _marks.Push(Peek().Start);
            Skip();
        }
        var token = Peek();
        if (token.Kind == TokenKind.Key)
        {
            var mark = token.End;
            Skip();
            token = Peek();
            if (token.Kind is not (TokenKind.Key or TokenKind.Value or TokenKind.BlockEnd))
            {
                _states.Push(State.BlockMappingValue);
                return ParseNode(block: true, indentlessSequence: true);
            }
            _state = State.BlockMappingValue;
            return EmptyScalar(mark);
        }
        if (token.Kind == TokenKind.BlockEnd)
        {
            Pop();
            _marks.Pop();
            Skip();
            return new YamlEvent { Kind = EventKind.MappingEnd, Start = token.Start, End = token.End };
        }
        throw Error("while parsing a block mapping", _marks.Pop(), "did not find expected key", token.Start);
    }

    private YamlEvent ParseBlockMappingValue()
    {
        var token = Peek();
        if (token.Kind == TokenKind.Value)
        {
            var mark = token.End;
            Skip();
            token = Peek();
            if (token.Kind is not (TokenKind.Key or TokenKind.Value or TokenKind.BlockEnd))
            {
                _states.Push(State.BlockMappingKey);
                return ParseNode(block: true, indentlessSequence: true);
            }
            _state = State.BlockMappingKey;
            return EmptyScalar(mark);
        }
        _state = State.BlockMappingKey;
        return EmptyScalar(token.Start);
    }

    private YamlEvent ParseFlowSequenceEntry(bool first)
    {
        if (first)
        {
            _marks.Push(Peek().Start);
            Skip();
        }
        var token = Peek();
        if (token.Kind != TokenKind.FlowSequenceEnd)
        {
            if (!first)
            {
                if (token.Kind != TokenKind.FlowEntry)
                    throw Error("while parsing a flow sequence", _marks.Pop(), "did not find expected ',' or ']'", token.Start);
                Skip();
                token = Peek();
            }
            if (token.Kind == TokenKind.Key)
            {
                // A single-pair mapping inside a flow sequence: [a: b].
                _state = State.FlowSequenceEntryMappingKey;
                Skip();
                return new YamlEvent { Kind = EventKind.MappingStart, Start = token.Start, End = token.End };
            }
            if (token.Kind != TokenKind.FlowSequenceEnd)
            {
                _states.Push(State.FlowSequenceEntry);
                return ParseNode(block: false, indentlessSequence: false);
            }
        }
        Pop();
        _marks.Pop();
        Skip();
        return new YamlEvent { Kind = EventKind.SequenceEnd, Start = token.Start, End = token.End };
    }

    private YamlEvent ParseFlowSequenceEntryMappingKey()
    {
        var token = Peek();
        if (token.Kind is not (TokenKind.Value or TokenKind.FlowEntry or TokenKind.FlowSequenceEnd))
        {
            _states.Push(State.FlowSequenceEntryMappingValue);
            return ParseNode(block: false, indentlessSequence: false);
        }
        var mark = token.End;
        Skip();
        _state = State.FlowSequenceEntryMappingValue;
        return EmptyScalar(mark);
    }

    private YamlEvent ParseFlowSequenceEntryMappingValue()
    {
        var token = Peek();
        if (token.Kind == TokenKind.Value)
        {
            Skip();
            token = Peek();
            if (token.Kind is not (TokenKind.FlowEntry or TokenKind.FlowSequenceEnd))
            {
                _states.Push(State.FlowSequenceEntryMappingEnd);
                return ParseNode(block: false, indentlessSequence: false);
            }
        }
        _state = State.FlowSequenceEntryMappingEnd;
        return EmptyScalar(token.Start);
    }

    private YamlEvent ParseFlowSequenceEntryMappingEnd()
    {
        var token = Peek();
        _state = State.FlowSequenceEntry;
        return new YamlEvent { Kind = EventKind.MappingEnd, Start = token.Start, End = token.Start };
    }

    private YamlEvent ParseFlowMappingKey(bool first)
    {
        if (first)
        {
            _marks.Push(Peek().Start);
            Skip();
        }
        var token = Peek();
        if (token.Kind != TokenKind.FlowMappingEnd)
        {
            if (!first)
            {
                if (token.Kind != TokenKind.FlowEntry)
                    throw Error("while parsing a flow mapping", _marks.Pop(), "did not find expected ',' or '}'", token.Start);
                Skip();
                token = Peek();
            }
            if (token.Kind == TokenKind.Key)
            {
                Skip();
                token = Peek();
                if (token.Kind is not (TokenKind.Value or TokenKind.FlowEntry or TokenKind.FlowMappingEnd))
                {
                    _states.Push(State.FlowMappingValue);
                    return ParseNode(block: false, indentlessSequence: false);
                }
                _state = State.FlowMappingValue;
                return EmptyScalar(token.Start);
            }
            if (token.Kind != TokenKind.FlowMappingEnd)
            {
                _states.Push(State.FlowMappingEmptyValue);
                return ParseNode(block: false, indentlessSequence: false);
            }
        }
        Pop();
        _marks.Pop();
        Skip();
        return new YamlEvent { Kind = EventKind.MappingEnd, Start = token.Start, End = token.End };
    }

    private YamlEvent ParseFlowMappingValue(bool empty)
    {
        var token = Peek();
        if (empty)
        {
            _state = State.FlowMappingKey;
            return EmptyScalar(token.Start);
        }
        if (token.Kind == TokenKind.Value)
        {
            Skip();
            token = Peek();
            if (token.Kind is not (TokenKind.FlowEntry or TokenKind.FlowMappingEnd))
            {
                _states.Push(State.FlowMappingKey);
                return ParseNode(block: false, indentlessSequence: false);
            }
        }
        _state = State.FlowMappingKey;
        return EmptyScalar(token.Start);
    }

    private static YamlEvent EmptyScalar(TextMark mark) =>
        new() { Kind = EventKind.Scalar, Start = mark, End = mark, Value = "", Implicit = true, Style = ScalarStyle.Plain };

    private void ProcessDirectives()
    {
        var sawVersion = false;
        var token = Peek();
        while (token.Kind is TokenKind.VersionDirective or TokenKind.TagDirective)
        {
            if (token.Kind == TokenKind.VersionDirective)
            {
                if (sawVersion) throw Error("found duplicate %YAML directive", token.Start);
                if (token.Major != 1 || token.Minor != 1) throw Error("found incompatible YAML document", token.Start);
                sawVersion = true;
            }
            else
            {
                if (_tagDirectives.Any(d => d.Handle == token.Value)) throw Error("found duplicate %TAG directive", token.Start);
                _tagDirectives.Add((token.Value!, token.Suffix!));
            }
            Skip();
            token = Peek();
        }
        foreach (var (handle, prefix) in new[] { ("!", "!"), ("!!", ScalarResolver.LongTagPrefix) })
            if (!_tagDirectives.Any(d => d.Handle == handle)) _tagDirectives.Add((handle, prefix));
    }
}
