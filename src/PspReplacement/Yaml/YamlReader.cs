namespace PspReplacement.Yaml;

/// <summary>
/// Reads YAML as kubectl and Helm read it: a stream is cut into documents by apimachinery's line-based "---" rule,
/// and each document is read by go-yaml v2's rules (a port of its scanner, parser and decoder) into
/// <see cref="SourceNode"/>s. Each document is read on its own: one that cannot be read is one document with
/// problems, and the documents after it are still read. Nothing here throws on bad input.
/// </summary>
public static class YamlReader
{
    /// <summary>The documents of a file, one at a time. A file that cannot be opened is one document with that problem.</summary>
    public static IEnumerable<YamlDocument> ReadFile(string path, string displayPath, YamlRules rules)
    {
        Stream stream;
        try { stream = OpenFile(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [Unopenable(displayPath, e.Message)];
        }
        return Read(LineSource.Open(stream), displayPath, rules);
    }

    /// <summary>The documents of a text already in memory.</summary>
    public static IReadOnlyList<YamlDocument> ReadText(string text, string file, YamlRules rules) =>
        Read(LineSource.Open(new StringReader(text)), file, rules).ToList();

    /// <summary>The documents of a stream of UTF-8 (or, with a byte order mark, UTF-16) bytes.</summary>
    public static IEnumerable<YamlDocument> Read(Stream stream, string file, YamlRules rules) => Read(LineSource.Open(stream), file, rules);

    public static IEnumerable<YamlDocument> Read(TextReader reader, string file, YamlRules rules) => Read(LineSource.Open(reader), file, rules);

    internal static IEnumerable<YamlDocument> Read(LineSource lines, string file, YamlRules rules)
    {
        using (lines)
        {
            var splitter = new DocumentSplitter(lines);
            for (var index = 0; splitter.TryNext(out var text); index++)
                yield return ReadDocument(text, file, rules, index);
        }
    }

    internal static YamlDocument ReadDocument(DocumentText text, string file, YamlRules rules, int index)
    {
        if (text.Problem is { } problem)
        {
            var at = new SourceMark(file, problem.Line, problem.Column);
            return new YamlDocument(index, new SourceMark(file, text.FirstLine, text.FirstColumn + 1), null, [new YamlIssue(at, problem.Message)], []);
        }
        // go-yaml's reader skips a byte order mark where its input starts: here, where each document starts.
        var content = text.Text.StartsWith('\uFEFF') ? text.Text[1..] : text.Text;
        return Composer.Read(content, new DocumentOrigin(file, text.FirstLine, text.FirstColumn, content), rules, index);
    }

    /// <summary>A regular file, opened for reading; anything else (a folder, a fifo, a device) is refused rather than read forever.</summary>
    internal static Stream OpenFile(string path)
    {
        if (Directory.Exists(path)) throw new IOException("it is a folder, not a file");
        var info = new FileInfo(path);
        if (info.LinkTarget is not null)
        {
            // A loop of symbolic links, or one to nothing, is named as such rather than "no such file".
            FileSystemInfo? target;
            try { target = info.ResolveLinkTarget(returnFinalTarget: true); }
            catch (IOException e) { throw new IOException($"a symbolic link that does not resolve ({e.Message.TrimEnd('.')})"); }
            if (target is null || !target.Exists) throw new IOException($"a symbolic link to nothing ({info.LinkTarget})");
        }
        if (FileKind.Of(path) is { } kind and not FileKind.Regular) throw new IOException($"not a regular file but a {FileKind.Describe(kind)}");
        return new FileStream(path, new FileStreamOptions { BufferSize = 0, Options = FileOptions.SequentialScan });
    }

    private static YamlDocument Unopenable(string file, string reason) =>
        new(0, new SourceMark(file, 1, 1), null, [new YamlIssue(new SourceMark(file, 1, 1), $"cannot read the file: {reason}")], []);
}
