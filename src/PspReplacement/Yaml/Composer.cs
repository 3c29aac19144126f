namespace PspReplacement.Yaml;

/// <summary>
/// Where a document's text sits in its file: the 1-based line of its first line and the column its first line starts
/// at. Positions are given in the file's lines, which only '\n' ends (as the stream was cut): where go-yaml also
/// breaks lines at a lone CR, NEL, LS or PS, its line and column are recounted from the offset.
/// </summary>
internal sealed class DocumentOrigin
{
    private readonly string? _text;
    private int[]? _lineStarts;

    public DocumentOrigin(string file, int firstLine, int firstColumn = 0, string? text = null)
    {
        File = file;
        FirstLine = firstLine;
        FirstColumn = firstColumn;
        if (text is not null && text.AsSpan().IndexOfAny("\r\u0085\u2028\u2029") >= 0) _text = text;
    }

    public string File { get; }
    public int FirstLine { get; }
    public int FirstColumn { get; }

    public SourceMark At(TextMark mark)
    {
        if (_text is null) return new SourceMark(File, FirstLine + mark.Line, (mark.Line == 0 ? FirstColumn : 0) + mark.Column + 1);
        _lineStarts ??= LineStarts(_text);
        var offset = Math.Min(mark.Offset, _text.Length);
        var line = Array.BinarySearch(_lineStarts, offset);
        if (line < 0) line = ~line - 1;
        var column = 0;
        for (var i = _lineStarts[line]; i < offset; i++)
            if (!char.IsLowSurrogate(_text[i])) column++;
        return new SourceMark(File, FirstLine + line, (line == 0 ? FirstColumn : 0) + column + 1);
    }

    private static int[] LineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = text.IndexOf('\n'); i >= 0; i = text.IndexOf('\n', i + 1)) starts.Add(i + 1);
        return starts.ToArray();
    }
}

/// <summary>A problem that makes go-yaml's Unmarshal fail although the syntax is fine (failf in decode.go and resolve.go).</summary>
internal sealed class YamlDecodeException(string problem, TextMark mark) : Exception(problem)
{
    public string Problem { get; } = problem;
    public TextMark Mark { get; } = mark;
}

/// <summary>
/// Builds the node tree of the first document of a text from parser events, as go-yaml v2's decoder builds its
/// interface{} values (decode.go): aliases are their anchors' nodes, merge keys merge in document order, keys become
/// JSON keys the way sigs.k8s.io/yaml stringifies them, and the aliasing and nesting limits are checked as it goes.
/// </summary>
internal sealed class Composer
{
    private sealed class Anchor
    {
        public SourceNode? Node;
        public long Size;
        public int Height;
        public GoValue Go;
    }

    /// <summary>A composed node and what its aliases need: how many decode steps it costs, how deep it nests.</summary>
    private readonly record struct Composed(SourceNode Node, long Size, int Height, GoValue Go);

    private readonly Parser _parser;
    private readonly YamlRules _rules;
    private readonly DocumentOrigin _origin;
    private readonly Dictionary<string, Anchor> _anchors = new(StringComparer.Ordinal);
    private readonly List<YamlIssue> _problems = [];
    private readonly List<YamlIssue> _warnings = [];
    private readonly AliasBudget _budget;
    // Collections holding an infinity or NaN somewhere below, with the first such scalar: JSON has no form for them.
    private Dictionary<SourceNode, SourceScalar>? _nonFinite;

    private Composer(Parser parser, YamlRules rules, DocumentOrigin origin)
    {
        _parser = parser;
        _rules = rules;
        _origin = origin;
        _budget = new AliasBudget();
    }

    /// <summary>Reads the first document of the text, exactly what go-yaml's Unmarshal reads; the rest of the text is not.</summary>
    public static YamlDocument Read(string text, DocumentOrigin origin, YamlRules rules, int index)
    {
        var scanner = new Scanner(text, YamlRules.MaxDepth);
        var composer = new Composer(new Parser(scanner), rules, origin);
        SourceNode? root = null;
        try
        {
            root = composer.ReadFirstDocument();
        }
        catch (YamlSyntaxException e)
        {
            // A construct left open is found out at the end of the text, which is the next document's line: it is
            // reported where it starts, or else right after the last character of the document.
            var atEnd = scanner.IsAtEnd(e.Mark);
            var hasContext = !string.IsNullOrEmpty(e.Context);
            var contextAt = hasContext && atEnd && scanner.IsAtEnd(e.ContextMark) ? EndOfContent(text) : e.ContextMark;
            var context = hasContext ? $" ({e.Context} at line {origin.At(contextAt).Line}, column {origin.At(contextAt).Column}{(atEnd ? "; the document ends before it is complete" : "")})" : "";
            var at = !atEnd ? e.Mark : hasContext ? contextAt : EndOfContent(text);
            composer._problems.Add(new YamlIssue(origin.At(at), e.Problem + context, IsSyntax: true));
        }
        catch (YamlLimitException e)
        {
            composer._problems.Add(new YamlIssue(origin.At(e.Mark), e.Problem));
        }
        catch (YamlDecodeException e)
        {
            composer._problems.Add(new YamlIssue(origin.At(e.Mark), e.Problem));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The last resort: a reader bug must cost one document, not the stream and the verdicts on the rest.
            // The property tests fail on this message, so it is not how any input is meant to be reported.
            composer._problems.Add(new YamlIssue(origin.At(scanner.Mark), $"internal error reading this document ({e.GetType().Name}: {e.Message}); report it with the document"));
        }
        if (composer._problems.Count > 0) root = null;
        return new YamlDocument(index, origin.At(default), root, composer._problems, composer._warnings);
    }

    // Where the last line with content ends: one column after its last character.
    private static TextMark EndOfContent(string text)
    {
        var end = text.Length;
        while (end > 0 && text[end - 1] is '\n' or '\r') end--;
        var lineStart = text.LastIndexOf('\n', Math.Max(end - 1, 0)) + 1;
        if (end == 0) lineStart = 0;
        var line = 0;
        for (var i = 0; i < lineStart; i++)
            if (text[i] == '\n') line++;
        return new TextMark(end, line, end - lineStart, end);
    }

    private SourceNode? ReadFirstDocument()
    {
        _parser.Next(); // stream start
        var start = _parser.Next();
        if (start.Kind == EventKind.StreamEnd) return null;
        _budget.Node(start.Start); // the document node itself is one decode step
        var root = Node(_parser.Next(), 0).Node;
        var end = _parser.Next();
        CheckTrailingContent(end);
        if (NonFiniteIn(root) is { } bad)
        {
            var d = (double)bad.Value!;
            ScalarResolver.ToPlain(new GoValue(GoKind.Float, Float: d), out var why);
            var what = double.IsNaN(d) ? "not a number" : d > 0 ? "infinity" : "minus infinity";
            _problems.Add(new YamlIssue(bad.Mark, $"'{bad.Text}' is {what}, which JSON cannot hold (kubectl fails: {why}); quote it if it is text"));
        }
        return root;
    }

    // go-yaml reads the first document of the text it is given; apimachinery gives it the lines up to the next '---',
    // so anything after a "..." (or a directive) in them is silently dropped. pspr says so.
    private void CheckTrailingContent(in YamlEvent end)
    {
        TextMark at;
        try
        {
            var next = _parser.Scanner.Peek();
            if (next.Kind == TokenKind.StreamEnd) return;
            at = next.Start;
        }
        catch (YamlSyntaxException e) { at = e.Mark; }
        catch (YamlLimitException e) { at = e.Mark; }
        var message = $"content after the end of the document{(end.Explicit ? " ('...')" : "")} is not read (kubectl ignores it)";
        if (_rules.WarnsOnly) _warnings.Add(new YamlIssue(_origin.At(at), $"{message}; remove it, or start a new document with '---'"));
        else Problem(at, $"{message}; remove it, or start a new document with '---'");
    }

    private void Problem(TextMark at, string message) => _problems.Add(new YamlIssue(_origin.At(at), message));

    private Composed Node(in YamlEvent e, int depth) => e.Kind switch
    {
        EventKind.Alias => Alias(e, depth),
        EventKind.Scalar => Scalar(e),
        EventKind.SequenceStart => Sequence(e, depth),
        EventKind.MappingStart => Mapping(e, depth),
        _ => throw new YamlDecodeException($"expected a node, found {e.Kind}", e.Start),
    };

    private Composed Alias(in YamlEvent e, int depth)
    {
        if (!_anchors.TryGetValue(e.Anchor!, out var anchor)) throw new YamlDecodeException($"unknown anchor '{e.Anchor}' referenced", e.Start);
        if (anchor.Node is null) throw new YamlDecodeException($"anchor '{e.Anchor}' value contains itself", e.Start);
        _budget.Node(e.Start);
        _budget.Alias(anchor.Size, e.Start);
        if (depth + anchor.Height > YamlRules.MaxDepth)
            throw new YamlLimitException($"document nests deeper than {YamlRules.MaxDepth} levels (through the alias *{e.Anchor})", e.Start);
        return new Composed(anchor.Node, 1 + anchor.Size, anchor.Height, anchor.Go);
    }

    private Anchor? Open(string? name)
    {
        if (name is null) return null;
        var anchor = new Anchor();
        _anchors[name] = anchor;
        return anchor;
    }

    private static Composed Close(Anchor? anchor, Composed composed)
    {
        if (anchor is not null) (anchor.Node, anchor.Size, anchor.Height, anchor.Go) = (composed.Node, composed.Size, composed.Height, composed.Go);
        return composed;
    }

    private Composed Scalar(in YamlEvent e)
    {
        _budget.Node(e.Start);
        var go = ScalarResolver.Resolve(e.Tag, e.Value!, e.Implicit, out var problem)
                 ?? throw new YamlDecodeException(problem!, e.Start);
        var plain = ScalarResolver.ToPlain(go, out var nonFinite);
        var node = new SourceScalar(e.Value!, _origin.At(e.Start))
        {
            Style = e.Style,
            Tag = e.Tag is null ? null : ScalarResolver.ShortTag(e.Tag),
            Value = nonFinite is null ? plain : go.Float,
        };
        return Close(Open(e.Anchor), new Composed(node, 1, 0, go));
    }

    private Composed Sequence(in YamlEvent e, int depth)
    {
        if (depth + 1 > YamlRules.MaxDepth) throw new YamlLimitException($"document nests deeper than {YamlRules.MaxDepth} levels", e.Start);
        _budget.Node(e.Start);
        var anchor = Open(e.Anchor);
        var items = new List<SourceNode>();
        long size = 1;
        var height = 1;
        SourceScalar? nonFinite = null;
        while (true)
        {
            var next = _parser.Next();
            if (next.Kind == EventKind.SequenceEnd) break;
            var item = Node(next, depth + 1);
            items.Add(item.Node);
            size += item.Size;
            height = Math.Max(height, 1 + item.Height);
            nonFinite ??= NonFiniteIn(item.Node);
        }
        var list = new SourceList(items, _origin.At(e.Start));
        MarkNonFinite(list, nonFinite);
        return CloseIfCurrent(e.Anchor, anchor, new Composed(list, size, height, GoValue.Null));
    }

    // An anchor redefined inside its own node keeps the inner definition, as go-yaml registers anchors when a node starts.
    private Composed CloseIfCurrent(string? name, Anchor? anchor, Composed composed)
    {
        if (anchor is not null && _anchors.TryGetValue(name!, out var current) && ReferenceEquals(current, anchor)) Close(anchor, composed);
        return composed;
    }

    private static bool IsMergeKey(in YamlEvent e) =>
        e.Kind == EventKind.Scalar && e.Value == "<<" && (e.Implicit || e.Tag == ScalarResolver.MergeTag);

    /// <summary>The entries of a mapping being built: unique names, and which of them a merge wrote last (not a key of this mapping).</summary>
    private sealed class MapBuilder
    {
        public readonly List<SourceEntry> Entries = [];
        private Dictionary<string, int>? _index;
        // Only a mapping with merge keys needs to know; most have none and allocate nothing for it.
        private List<bool>? _merged;

        public int IndexOf(string name)
        {
            if (_index is not null) return _index.TryGetValue(name, out var i) ? i : -1;
            for (var i = 0; i < Entries.Count; i++)
                if (Entries[i].Name == name) return i;
            return -1;
        }

        public bool WrittenByMerge(int at) => _merged is not null && _merged[at];

        public void Set(int at, SourceEntry entry, bool isExplicit)
        {
            Entries[at] = entry;
            if (_merged is not null || !isExplicit) Merged()[at] = !isExplicit;
        }

        public void Add(SourceEntry entry, bool isExplicit)
        {
            Entries.Add(entry);
            if (_merged is not null || !isExplicit) Merged()[Entries.Count - 1] = !isExplicit;
            if (_index is null && Entries.Count > 8)
            {
                _index = new Dictionary<string, int>(StringComparer.Ordinal);
                for (var i = 0; i < Entries.Count; i++) _index[Entries[i].Name] = i;
            }
            else _index?.Add(entry.Name, Entries.Count - 1);
        }

        private List<bool> Merged()
        {
            if (_merged is null) _merged = [];
            while (_merged.Count < Entries.Count) _merged.Add(false);
            return _merged;
        }
    }

    private Composed Mapping(in YamlEvent e, int depth)
    {
        if (depth + 1 > YamlRules.MaxDepth) throw new YamlLimitException($"document nests deeper than {YamlRules.MaxDepth} levels", e.Start);
        _budget.Node(e.Start);
        var anchor = Open(e.Anchor);
        var map = new MapBuilder();
        var warningsFrom = _warnings.Count;
        long size = 1;
        var height = 1;
        while (true)
        {
            var keyEvent = _parser.Next();
            if (keyEvent.Kind == EventKind.MappingEnd) break;
            if (IsMergeKey(keyEvent))
            {
                // The "<<" key itself is not decoded; its value is merged into this mapping.
                if (keyEvent.Anchor is not null)
                    Close(Open(keyEvent.Anchor), new Composed(new SourceScalar("<<", _origin.At(keyEvent.Start)), 1, 0, GoValue.Of("<<")));
                var valueEvent = _parser.Next();
                if (_rules.MergeKeys == MergeKeys.Refuse)
                {
                    Problem(keyEvent.Start, "YAML merge keys ('<<') are not supported; write the keys out (values files merge by layer: common, groups, cluster)");
                    var ignored = Node(valueEvent, depth + 1);
                    size += ignored.Size;
                    continue;
                }
                var (mergedSize, mergedHeight) = Merge(valueEvent, depth + 1, map);
                size += mergedSize;
                height = Math.Max(height, mergedHeight);
                continue;
            }
            var key = Node(keyEvent, depth + 1);
            var value = Node(_parser.Next(), depth + 1);
            size += key.Size + value.Size;
            height = Math.Max(height, 1 + Math.Max(key.Height, value.Height));
            if (key.Node is not SourceScalar keyScalar)
            {
                Problem(keyEvent.Start, $"a map key must be a plain string, not a {(key.Node is SourceMap ? "mapping" : "sequence")}; write the key as text (kubectl refuses it: invalid map key)");
                continue;
            }
            if (ScalarResolver.KeyName(key.Go) is not { } name)
            {
                Problem(keyEvent.Start, key.Go.Kind == GoKind.Null
                    ? $"a map key cannot be null{(keyScalar.Text.Length == 0 ? " (the key is missing)" : $" ('{keyScalar.Text}')")}; write the key as text (kubectl refuses it: unsupported map key)"
                    : $"the map key {keyScalar.Text} is beyond int64; quote it (kubectl refuses it: unsupported map key of type uint64)");
                continue;
            }
            // An alias used as a key is written where the alias is.
            if (keyEvent.Kind == EventKind.Alias) keyScalar = keyScalar with { Mark = _origin.At(keyEvent.Start) };
            Set(map, name, keyScalar, key.Go, value.Node, isExplicit: true);
        }

        var result = new SourceMap(map.Entries, _origin.At(e.Start));
        for (var i = warningsFrom; i < _warnings.Count; i++)
            if (_warnings[i].In is null) _warnings[i] = _warnings[i] with { In = result };
        SourceScalar? nonFinite = null;
        foreach (var entry in map.Entries) nonFinite ??= NonFiniteIn(entry.Value);
        MarkNonFinite(result, nonFinite);
        return CloseIfCurrent(e.Anchor, anchor, new Composed(result, size, height, GoValue.Null));
    }

    private void Set(MapBuilder map, string name, SourceScalar key, GoValue rawKey, SourceNode value, bool isExplicit)
    {
        var entry = new SourceEntry(key, value) { Name = name };
        var at = map.IndexOf(name);
        if (at < 0)
        {
            map.Add(entry, isExplicit);
            return;
        }
        if (isExplicit && !map.WrittenByMerge(at))
        {
            var first = map.Entries[at].Key;
            Duplicate(first, KeyValue(first), key, rawKey, name);
        }
        // The entry keeps its first position and takes the last key and value, as assigning a Go map does.
        map.Set(at, entry, isExplicit);
    }

    // The Go value a key scalar decoded to, found again for the rare duplicate (a key that resolved once resolves again).
    private static GoValue KeyValue(SourceScalar key)
    {
        var tag = key.Tag is { } t && t.StartsWith("!!", StringComparison.Ordinal) ? ScalarResolver.LongTagPrefix + t[2..] : key.Tag;
        return ScalarResolver.Resolve(tag, key.Text, key.Style == ScalarStyle.Plain && (tag is null || tag == "!"), out _) ?? GoValue.Of(key.Text);
    }

    private void Duplicate(SourceScalar first, GoValue firstKey, SourceScalar second, GoValue secondKey, string name)
    {
        // Two keys go-yaml tells apart (1 and "1") become one JSON key only in sigs.k8s.io/yaml's Go map, where
        // either may win; two equal keys keep the last value.
        var sameKey = firstKey == secondKey;
        if (_rules.DuplicateKeys == DuplicateKeys.Error)
        {
            var spelled = sameKey ? "" : $", as {Spell(first, firstKey)}";
            _problems.Add(new YamlIssue(second.Mark, $"duplicate key '{name}' (first written at line {first.Mark.Line}{spelled}); remove one of them"));
        }
        else if (sameKey)
            _warnings.Add(new YamlIssue(second.Mark, $"duplicate key '{name}' (first written at line {first.Mark.Line}); kubectl and Helm keep this last value, remove the other"));
        else
            _warnings.Add(new YamlIssue(second.Mark, $"key {Spell(second, secondKey)} is the JSON key '{name}' already written at line {first.Mark.Line} as {Spell(first, firstKey)}; kubectl keeps either value, at random: remove one of them"));
    }

    private static string Spell(SourceScalar key, GoValue go) => go.Kind switch
    {
        GoKind.String => $"'{key.Text}'",
        GoKind.Int => $"{key.Text} (an int)",
        GoKind.Float => $"{key.Text} (a float)",
        _ => $"{key.Text} (a bool)",
    };

    // The value of a "<<" key: a mapping, an alias of one, or a sequence of those. go-yaml decodes each into the
    // mapping being built, in document order; a sequence from its last item to its first, so earlier items win.
    private (long Size, int Height) Merge(in YamlEvent e, int depth, MapBuilder map)
    {
        switch (e.Kind)
        {
            case EventKind.MappingStart:
            {
                var merged = Mapping(e, depth);
                Apply(map, (SourceMap)merged.Node);
                return (merged.Size, merged.Height);
            }
            case EventKind.Alias:
            {
                var merged = Alias(e, depth - 1);
                if (merged.Node is not SourceMap source) throw new YamlDecodeException("map merge requires map or sequence of maps as the value", e.Start);
                Apply(map, source);
                return (merged.Size, merged.Height);
            }
            case EventKind.SequenceStart:
            {
                var items = new List<(SourceMap Map, List<AliasBudget.Step> Steps)>();
                long size = 0;
                var height = 1;
                while (true)
                {
                    var next = _parser.Next();
                    if (next.Kind == EventKind.SequenceEnd) break;
                    if (next.Kind is not (EventKind.Alias or EventKind.MappingStart))
                        throw new YamlDecodeException("map merge requires map or sequence of maps as the value", next.Start);
                    var steps = _budget.Record();
                    var item = next.Kind == EventKind.Alias ? Alias(next, depth - 1) : Mapping(next, depth);
                    _budget.StopRecording();
                    if (item.Node is not SourceMap source) throw new YamlDecodeException("map merge requires map or sequence of maps as the value", next.Start);
                    items.Add((source, steps));
                    size += item.Size;
                    height = Math.Max(height, item.Height);
                }
                for (var i = items.Count - 1; i >= 0; i--)
                {
                    _budget.Replay(items[i].Steps);
                    Apply(map, items[i].Map);
                }
                return (size, height);
            }
            default:
                throw new YamlDecodeException("map merge requires map or sequence of maps as the value", e.Start);
        }
    }

    private void Apply(MapBuilder map, SourceMap merged)
    {
        foreach (var entry in merged.Entries) Set(map, entry.Name, entry.Key, default, entry.Value, isExplicit: false);
    }

    private SourceScalar? NonFiniteIn(SourceNode node) => node switch
    {
        SourceScalar { Value: double d } s when !double.IsFinite(d) => s,
        SourceScalar => null,
        _ => _nonFinite?.GetValueOrDefault(node),
    };

    private void MarkNonFinite(SourceNode collection, SourceScalar? scalar)
    {
        if (scalar is null) return;
        (_nonFinite ??= new Dictionary<SourceNode, SourceScalar>(ReferenceEqualityComparer.Instance))[collection] = scalar;
    }
}

/// <summary>
/// go-yaml v2's guard against alias bombs (decoder.unmarshal): once more than 100 of more than 1000 decode steps came
/// from expanding aliases, their share may not exceed 99% (small documents) down to 10% (from 4,000,000 steps on).
/// pspr also refuses any document beyond <see cref="YamlRules.MaxExpandedNodes"/> steps.
/// </summary>
internal sealed class AliasBudget
{
    public readonly record struct Step(long Count, bool FromAlias, TextMark At);

    private long _decoded;
    private long _aliased;
    private List<Step>? _recording;

    public void Node(TextMark at) => Add(new Step(1, false, at));

    public void Alias(long size, TextMark at) => Add(new Step(size, true, at));

    private readonly Stack<List<Step>?> _outer = new();

    /// <summary>Steps are kept instead of counted until <see cref="StopRecording"/>, to be counted later in another order.</summary>
    public List<Step> Record()
    {
        _outer.Push(_recording);
        _recording = [];
        return _recording;
    }

    public void StopRecording() => _recording = _outer.Pop();

    public void Replay(List<Step> steps)
    {
        foreach (var step in steps) Add(step);
    }

    private void Add(in Step step)
    {
        if (_recording is not null)
        {
            _recording.Add(step);
            return;
        }
        _decoded += step.Count;
        if (step.FromAlias) _aliased += step.Count;
        if (_aliased > 100 && _decoded > 1000 && (double)_aliased / _decoded > AllowedRatio(_decoded))
            throw new YamlLimitException("document contains excessive aliasing (its aliases expand it far beyond what is written); write the repeated parts out", step.At);
        if (_decoded > YamlRules.MaxExpandedNodes)
            throw new YamlLimitException(_aliased > 0
                ? $"document contains excessive aliasing (it expands to more than {YamlRules.MaxExpandedNodes:N0} nodes)"
                : $"document is too large (more than {YamlRules.MaxExpandedNodes:N0} nodes); split it into several documents", step.At);
    }

    private static double AllowedRatio(long decoded) => decoded switch
    {
        <= 400_000 => 0.99,
        >= 4_000_000 => 0.10,
        _ => 0.99 - 0.89 * ((decoded - 400_000) / 3_600_000.0),
    };
}
