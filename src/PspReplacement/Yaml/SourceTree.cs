namespace PspReplacement.Yaml;

/// <summary>Where a value was written: file, 1-based line and column. Errors point here.</summary>
public readonly record struct SourceMark(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}

/// <summary>How a scalar was written. Only plain scalars are typed by their text; every other style is a string.</summary>
public enum ScalarStyle : byte
{
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

/// <summary>
/// A YAML (or JSON) value that remembers where it was written. Merging values files builds a new tree from the nodes
/// of several files, so every node of the merged document still points at the file and line that set it. An alias is
/// the very node its anchor names, so a tree may share nodes; it never has cycles.
/// </summary>
public abstract record SourceNode(SourceMark Mark)
{
    /// <summary>
    /// The node as kubectl's unstructured object holds it after YAML → JSON → unstructured: Dictionary&lt;string,
    /// object?&gt; (ordinal keys, document order), List&lt;object?&gt;, string, long, double, bool or null. Every
    /// occurrence of a shared node becomes its own copy, as go-yaml expands aliases.
    /// </summary>
    public object? ToPlain() => PlainData.Of(this);
}

/// <summary>
/// A scalar as written. <see cref="Text"/> is its content after YAML's folding and escapes; <see cref="Value"/> is what
/// it means, resolved by go-yaml v2's rules and then passed through JSON as sigs.k8s.io/yaml and apimachinery pass it
/// (docs/yaml.md): null, bool, long, double or string, never an unsigned or a time value.
/// </summary>
public sealed record SourceScalar(string Text, SourceMark Mark) : SourceNode(Mark)
{
    private static readonly object Unresolved = new();
    private readonly object? _value = Unresolved;

    public ScalarStyle Style { get; init; }

    /// <summary>The tag as written, in go-yaml's short form ("!!str", "!foo", "!"), or null when there is none.</summary>
    public string? Tag { get; init; }

    /// <summary>The resolved value. A scalar built by hand, without a value, resolves its text as an untagged plain scalar.</summary>
    public object? Value
    {
        get => ReferenceEquals(_value, Unresolved) ? ScalarResolver.PlainValue(Text) : _value;
        init => _value = value;
    }

    public bool IsNull => Value is null;
}

public sealed record SourceList(IReadOnlyList<SourceNode> Items, SourceMark Mark) : SourceNode(Mark);

/// <summary>
/// One entry of a mapping. <see cref="Name"/> is the JSON key (a key written as 1, 1.5 or true is stringified the way
/// sigs.k8s.io/yaml does), <see cref="Key"/> the scalar as written, for its position.
/// </summary>
public sealed record SourceEntry(SourceScalar Key, SourceNode Value)
{
    public string Name { get; init; } = Key.Text;
}

/// <summary>A mapping with its keys in written order; names are unique (the reader resolves or refuses duplicates).</summary>
public sealed record SourceMap(IReadOnlyList<SourceEntry> Entries, SourceMark Mark) : SourceNode(Mark)
{
    private Dictionary<string, int>? _index;

    // A copy made with 'with' builds its own index: its entries may differ.
    private SourceMap(SourceMap original) : base(original) => Entries = original.Entries;

    public SourceNode? this[string name] => Entry(name)?.Value;

    public SourceEntry? Entry(string name)
    {
        // Kubernetes objects have a handful of keys: a linear search beats building an index.
        if (Entries.Count <= 8)
        {
            foreach (var entry in Entries)
                if (entry.Name == name) return entry;
            return null;
        }
        if (_index is null)
        {
            var index = new Dictionary<string, int>(Entries.Count, StringComparer.Ordinal);
            for (var i = 0; i < Entries.Count; i++) index.TryAdd(Entries[i].Name, i);
            _index = index;
        }
        return _index.TryGetValue(name, out var at) ? Entries[at] : null;
    }
}
