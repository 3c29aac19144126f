using PspReplacement.Yaml;

namespace PspReplacement.Yaml;

/// <summary>
/// Values files and the policy library through the YAML layer (<see cref="YamlReader"/>, <see cref="YamlRules.Values"/>),
/// with their problems as InvalidInputException lines: file:line:column: what; what to do.
/// </summary>
public static class SourceYamlReader
{
    /// <summary>Reads a file of exactly one document. An empty file reads as an empty map.</summary>
    public static SourceNode ReadFile(string path, string displayPath)
    {
        var documents = Roots(YamlReader.ReadFile(path, displayPath, YamlRules.Values));
        return documents.Count switch
        {
            0 => new SourceMap([], new SourceMark(displayPath, 1, 1)),
            1 => documents[0],
            _ => throw new InvalidInputException($"{documents[1].Mark}: a second YAML document ('---'); this file holds one document, so remove the separator or move it to its own file"),
        };
    }

    public static IReadOnlyList<SourceNode> ReadDocuments(string text, string displayPath) =>
        Roots(YamlReader.ReadText(text, displayPath, YamlRules.Values));

    private static List<SourceNode> Roots(IEnumerable<YamlDocument> documents)
    {
        var roots = YamlDocument.Roots(documents, Describe, out var problems);
        if (problems.Count > 0) throw new InvalidInputException(problems);
        return roots;
    }

    private static string Describe(YamlIssue problem) => problem.IsSyntax
        ? $"{problem.Mark}: malformed YAML: {problem.Message}; fix the syntax (indentation, quotes, ':' after keys)"
        : problem.ToString();
}
