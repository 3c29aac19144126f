using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PspReplacement.Manifests;

/// <summary>One decoded document: its plain value (null for an empty document) and where its root node starts.</summary>
/// <summary>One decoded document: its plain value (null for an empty document), where its root node starts, and where each
/// mapping two levels down starts (the items of a List), keyed by reference.</summary>
public readonly record struct YamlDocument(object? Root, int Line, int Column, IReadOnlyDictionary<object, (int Line, int Column)>? ItemPositions = null);

/// <summary>
/// Reads YAML (and JSON, which YAML reads too) one document at a time from a stream of parser events, building
/// plain data. Only the current document is held in memory, so arbitrarily long multi-document streams work.
/// </summary>
public sealed class YamlDocumentReader(TextReader text)
{
    // Hostile input: nesting beyond this depth, or aliases that would expand a document beyond this many nodes
    // ("billion laughs"), is refused as bad input instead of overflowing the stack or exhausting memory later, when
    // the shared nodes are converted for CEL. Real manifests are a few dozen levels deep and never come close.
    public const int MaxDepth = 1000;
    public const long MaxExpandedNodes = 5_000_000;

    private readonly Parser _parser = new(text);
    private Dictionary<string, (object? Value, long Size)> _anchors = new(StringComparer.Ordinal);
    private long _expanded;
    private bool _started;
    private int _depth;
    private Dictionary<object, (int, int)>? _itemPositions;

    /// <summary>Reads the next document; false at the end of the stream. Throws YamlException on bad YAML.</summary>
    public bool TryRead(out YamlDocument document)
    {
        document = default;
        if (!_started) { _parser.Consume<StreamStart>(); _started = true; }
        if (_parser.TryConsume<StreamEnd>(out _)) return false;
        var start = _parser.Consume<DocumentStart>();
        _anchors = new Dictionary<string, (object?, long)>(StringComparer.Ordinal);
        _expanded = 0;
        if (_parser.Accept<DocumentEnd>(out _))
        {
            _parser.Consume<DocumentEnd>();
            document = new YamlDocument(null, (int)start.Start.Line, (int)start.Start.Column);
            return true;
        }
        var mark = _parser.Current!.Start;
        _itemPositions = null;
        var root = ReadNode();
        _parser.Consume<DocumentEnd>();
        document = new YamlDocument(root, (int)mark.Line, (int)mark.Column, _itemPositions);
        return true;
    }

    /// <summary>Where the node the parser is about to read starts (for the line of List items).</summary>
    public Mark CurrentMark => _parser.Current?.Start ?? Mark.Empty;

    private object? ReadNode()
    {
        var before = _expanded++;
        if (_parser.TryConsume<AnchorAlias>(out var alias))
        {
            if (!_anchors.TryGetValue(alias.Value.Value, out var target))
                throw new YamlException(alias.Start, alias.End, $"unknown alias '*{alias.Value}'");
            _expanded += target.Size;
            if (_expanded > MaxExpandedNodes)
                throw new YamlException(alias.Start, alias.End, $"document contains excessive aliasing (expands to more than {MaxExpandedNodes:N0} nodes)");
            return target.Value;
        }
        if (_parser.TryConsume<Scalar>(out var scalar))
        {
            var value = YamlScalars.Resolve(scalar);
            if (!scalar.Anchor.IsEmpty) _anchors[scalar.Anchor.Value] = (value, 1);
            return value;
        }
        if (_parser.Current is NodeEvent { } nested && _depth >= MaxDepth)
            throw new YamlException(nested.Start, nested.End, $"document nests deeper than {MaxDepth} levels");
        if (_parser.TryConsume<SequenceStart>(out var seqStart))
        {
            var list = new List<object?>();
            _depth++;
            try { while (!_parser.TryConsume<SequenceEnd>(out _)) list.Add(ReadNode()); } finally { _depth--; }
            if (!seqStart.Anchor.IsEmpty) _anchors[seqStart.Anchor.Value] = (list, _expanded - before);
            return list;
        }
        if (_parser.TryConsume<MappingStart>(out var mapStart))
        {
            var map = new Dictionary<string, object?>(StringComparer.Ordinal);
            if (_depth == 2) (_itemPositions ??= new(ReferenceEqualityComparer.Instance))[map] = ((int)mapStart.Start.Line, (int)mapStart.Start.Column);
            _depth++;
            try { ReadEntries(map, mapStart); } finally { _depth--; }
            if (!mapStart.Anchor.IsEmpty) _anchors[mapStart.Anchor.Value] = (map, _expanded - before);
            return map;
        }
        var unexpected = _parser.Current;
        throw new YamlException(unexpected?.Start ?? Mark.Empty, unexpected?.End ?? Mark.Empty, $"unexpected {unexpected?.GetType().Name}");
    }

    private void ReadEntries(Dictionary<string, object?> map, MappingStart mapStart)
    {
        {
            while (!_parser.TryConsume<MappingEnd>(out _))
            {
                var keyMark = _parser.Current!.Start;
                var key = ReadNode();
                var value = ReadNode();
                if (key is string k && k == "<<" && value is Dictionary<string, object?> merged)
                {
                    // YAML merge key: keys already present win.
                    foreach (var (mk, mv) in merged) map.TryAdd(mk, mv);
                    continue;
                }
                var name = KeyText(key);
                if (!map.TryAdd(name, value))
                    throw new YamlException(keyMark, keyMark, $"duplicate key '{name}'");
            }
        }
    }

    // JSON object keys are strings; go-yaml turns scalar keys into their text the same way.
    private static string KeyText(object? key) => key switch
    {
        null => "null",
        string s => s,
        bool b => b ? "true" : "false",
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => throw new YamlException("mapping keys must be scalars"),
    };
}
