namespace PspReplacement.Config;

/// <summary>Where a value was written: file, 1-based line and column. Errors point here.</summary>
public readonly record struct SourceMark(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}

/// <summary>
/// A YAML value that remembers where it was written. Merging values files builds a new tree from the nodes of
/// several files, so every node of the merged document still points at the file and line that set it.
/// </summary>
public abstract record SourceNode(SourceMark Mark);

/// <summary>A scalar as written. Quoted scalars are always strings; plain ones are typed like YAML 1.2's core schema.</summary>
public sealed record SourceScalar(string Text, bool Quoted, SourceMark Mark) : SourceNode(Mark)
{
    public bool IsNull => !Quoted && Text is "" or "~" or "null" or "Null" or "NULL";
}

public sealed record SourceList(IReadOnlyList<SourceNode> Items, SourceMark Mark) : SourceNode(Mark);

public sealed record SourceEntry(SourceScalar Key, SourceNode Value);

/// <summary>A mapping with its keys in written order (keys are unique: the reader rejects duplicates).</summary>
public sealed record SourceMap(IReadOnlyList<SourceEntry> Entries, SourceMark Mark) : SourceNode(Mark)
{
    public SourceNode? this[string key] => Entries.FirstOrDefault(e => e.Key.Text == key)?.Value;
    public SourceEntry? Entry(string key) => Entries.FirstOrDefault(e => e.Key.Text == key);
}
