using PspReplacement.Manifests;
using YamlDotNet.Core;

namespace PspReplacement.Cli.Cel;

/// <summary>
/// Reads one YAML (or JSON) document as plain data for binding a CEL variable: mappings become
/// Dictionary&lt;string, object?&gt;, sequences List&lt;object?&gt;, and scalars resolve as kubectl resolves them
/// (<see cref="YamlScalars"/>): plain ones to null, bool, long (ulong past long's range) or double; quoted and block
/// scalars stay strings.
/// </summary>
public static class PlainYaml
{
    /// <summary>The single document of a file. Throws InvalidInputException naming file, line and column.</summary>
    public static object? ReadFile(string path, string what)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"{path}: cannot read the {what}: {e.Message}");
        }
        return Read(text, path, what);
    }

    public static object? Read(string text, string source, string what)
    {
        // The same reader as pspr check: the same scalar rules and the same limits on hostile input.
        var reader = new YamlDocumentReader(new StringReader(text));
        try
        {
            if (!reader.TryRead(out var document)) return null;
            while (reader.TryRead(out var next))
                if (next.Root is not null)
                    throw new InvalidInputException($"{source}:{next.Line}:{next.Column}: the {what} has more than one YAML document; put one document in the file");
            return document.Root;
        }
        catch (YamlException e)
        {
            var reason = e.InnerException?.Message ?? e.Message;
            throw new InvalidInputException($"{source}:{e.Start.Line}:{e.Start.Column}: the {what} is not valid YAML or JSON: {reason}");
        }
    }
}
