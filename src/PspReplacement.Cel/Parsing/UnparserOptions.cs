namespace PspReplacement.Cel.Parsing;

/// <summary>How <see cref="CelUnparser"/> writes what has more than one spelling; every choice re-parses to the same tree.</summary>
public sealed record UnparserOptions
{
    public static readonly UnparserOptions Default = new();
    public static readonly UnparserOptions SingleQuoted = new() { SingleQuotedStrings = true };

    /// <summary>
    /// Strings as '...' escaping only quote, backslash and control characters, the way people write CEL in YAML;
    /// otherwise as cel-go's unparser writes them, Go's strconv.Quote ("...", non-printable characters escaped).
    /// </summary>
    public bool SingleQuotedStrings { get; init; }
}
