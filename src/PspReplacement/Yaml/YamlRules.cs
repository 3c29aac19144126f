namespace PspReplacement.Yaml;

/// <summary>What a key written twice in one mapping does.</summary>
public enum DuplicateKeys
{
    /// <summary>The last value wins and a warning names both lines (kubectl, Helm: go-yaml v2 and a Go map).</summary>
    Warn,
    /// <summary>The document is refused (the apiserver's fieldValidation=Strict; pspr's own files).</summary>
    Error,
}

/// <summary>What a YAML merge key ("&lt;&lt;") does.</summary>
public enum MergeKeys
{
    /// <summary>Merged in document order, as go-yaml v2 does (a later entry overrides an earlier one, either way).</summary>
    Apply,
    /// <summary>Refused: the file says every key itself.</summary>
    Refuse,
}

/// <summary>
/// How a file's YAML is read, chosen by the caller. The scalar rules and the limits on hostile input are the same
/// for everything (go-yaml v2's, docs/yaml.md); only what is merely suspicious differs between kinds of file.
/// </summary>
public sealed record YamlRules(DuplicateKeys DuplicateKeys, MergeKeys MergeKeys)
{
    /// <summary>Nesting deeper than this (collections inside collections, aliases included) is refused.</summary>
    public const int MaxDepth = 1000;

    /// <summary>A document longer than this is refused (read past, not kept).</summary>
    public const int MaxDocumentChars = 64 << 20;

    /// <summary>A document that expands (through aliases) to more nodes than this is refused.</summary>
    public const long MaxExpandedNodes = 5_000_000;

    /// <summary>Reading as kubectl does: what kubectl silently accepts (a duplicate key, text it skips) is only a warning.</summary>
    internal bool WarnsOnly => DuplicateKeys == DuplicateKeys.Warn;

    /// <summary>Manifests as kubectl and Helm read them: duplicates warn, merge keys apply.</summary>
    public static readonly YamlRules Manifests = new(DuplicateKeys.Warn, MergeKeys.Apply);

    /// <summary>
    /// Manifests as the apiserver reads them with fieldValidation=Strict (pspr check --validate strict), and the files
    /// pspr reads that users write or generate: fixtures, scenarios, Kyverno import inputs, CEL variable files,
    /// rendered charts. A duplicate key is a mistake.
    /// </summary>
    public static readonly YamlRules Strict = new(DuplicateKeys.Error, MergeKeys.Apply);

    /// <summary>
    /// Values files and the policy library: strict, and merge keys are refused (values merge by layer instead, and a
    /// reviewer reads every key where it takes effect).
    /// </summary>
    public static readonly YamlRules Values = new(DuplicateKeys.Error, MergeKeys.Refuse);
}
