namespace PspReplacement.Yaml;

/// <summary>
/// Something wrong (or, as a warning, suspicious) in a document: where, and what in go-yaml's spirit. Syntax problems
/// are the scanner's and parser's; the others are about meaning (a duplicate key, an unresolvable tag, a limit).
/// </summary>
/// <param name="In">For a duplicate key: the mapping it is in, so a warning can be given to the object that holds it.</param>
public sealed record YamlIssue(SourceMark Mark, string Message, bool IsSyntax = false, SourceMap? In = null)
{
    public override string ToString() => $"{Mark}: {Message}";
}

/// <summary>
/// One document of a stream: its root node (null for an empty document, or when it could not be read), the problems
/// that make it unreadable, and warnings. Start is where the document's text begins in the file.
/// </summary>
public sealed record YamlDocument(int Index, SourceMark Start, SourceNode? Root, IReadOnlyList<YamlIssue> Problems, IReadOnlyList<YamlIssue> Warnings)
{
    public bool IsReadable => Problems.Count == 0;

    /// <summary>
    /// The roots of the documents that hold something (kubectl skips empty and <c>null</c> documents), and every
    /// document's problems in the words of the reader that knows what the input is.
    /// </summary>
    public static List<SourceNode> Roots(IEnumerable<YamlDocument> documents, Func<YamlIssue, string> describe, out List<string> problems)
    {
        var roots = new List<SourceNode>();
        problems = [];
        foreach (var document in documents)
        {
            problems.AddRange(document.Problems.Select(describe));
            if (document.Root is { } root && root is not SourceScalar { IsNull: true }) roots.Add(root);
        }
        return roots;
    }
}
