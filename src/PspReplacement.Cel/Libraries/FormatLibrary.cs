using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using PspReplacement.Cel.Runtime;
using static PspReplacement.Cel.Libraries.LibraryValues;

namespace PspReplacement.Cel.Libraries;

/// <summary>A named Kubernetes string format (kubernetes.NamedFormat) whose validate() lists what is wrong with a string.</summary>
public sealed class CelNamedFormat(string name, Func<string, List<string>> validate) : ICelOpaque
{
    public static readonly CelType CelTypeValue = new("kubernetes.NamedFormat");
    public CelType Type => CelTypeValue;
    public string Name { get; } = name;
    public List<string> Validate(string s) => validate(s);
    public override string ToString() => Name;
}

/// <summary>
/// Kubernetes' format library (k8s.io/apiserver pkg/cel/library/format.go, from 1.31): format.named(name) and
/// format.&lt;name&gt;(), and &lt;Format&gt;.validate(s) giving optional.none() when valid, else the apimachinery error texts.
/// </summary>
public sealed partial class FormatLibrary : ICelLibrary
{
    public string Name => "format";
    public IEnumerable<CelType> Types => [CelNamedFormat.CelTypeValue];

    internal static readonly IReadOnlyDictionary<string, CelNamedFormat> Formats = new Dictionary<string, CelNamedFormat>(StringComparer.Ordinal)
    {
        ["dns1123Label"] = new("DNS1123Label", s => Dns1123Label(s)),
        ["dns1123Subdomain"] = new("DNS1123Subdomain", s => Dns1123Subdomain(s)),
        ["dns1035Label"] = new("DNS1035Label", s => Dns1035Label(s)),
        ["qualifiedName"] = new("QualifiedName", QualifiedName),
        ["dns1123LabelPrefix"] = new("DNS1123LabelPrefix", s => Dns1123Label(MaskTrailingDash(s))),
        ["dns1123SubdomainPrefix"] = new("DNS1123SubdomainPrefix", s => Dns1123Subdomain(MaskTrailingDash(s))),
        ["dns1035LabelPrefix"] = new("DNS1035LabelPrefix", s => Dns1035Label(MaskTrailingDash(s))),
        ["labelValue"] = new("LabelValue", LabelValue),
        ["uri"] = new("URI", s => GoUrl.Parse(s, viaRequest: true, out var e) is null ? [e!] : []),
        ["uuid"] = new("uuid", s => Uuid().IsMatch(s) ? [] : ["does not match the UUID format"]),
        ["byte"] = new("byte", s => IsBase64(s) ? [] : ["invalid base64"]),
        ["date"] = new("date", s => DateTime.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) ? [] : ["invalid date"]),
        ["datetime"] = new("datetime", s => IsDateTime(s) ? [] : ["invalid datetime"]),
    };

    public IEnumerable<Overload> Overloads
    {
        get
        {
            yield return Overload.Of("format-validate", "validate", true, CelNamedFormat.CelTypeValue, CelType.String, (a, b) =>
                a is CelNamedFormat f && b is string s ? Validate(f, s) : NoSuchOverload());
            yield return Overload.Of("format-named", "format.named", false, CelType.String, a =>
                a is string n ? (Formats.TryGetValue(n, out var f) ? CelOptional.Of(f) : CelOptional.None) : NoSuchOverload());
            foreach (var (name, format) in Formats.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                yield return Overload.OfN("format." + name, "format." + name, false, [], _ => format);
        }
    }

    private static object Validate(CelNamedFormat f, string s)
    {
        var errors = f.Validate(s);
        return errors.Count == 0 ? CelOptional.None : CelOptional.Of(errors.Cast<object>().ToList());
    }

    private const string Dns1123LabelFmt = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private const string Dns1123SubdomainFmt = Dns1123LabelFmt + "(\\." + Dns1123LabelFmt + ")*";
    private const string Dns1035LabelFmt = "[a-z]([-a-z0-9]*[a-z0-9])?";
    private const string QualifiedNameFmt = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private const string LabelValueFmt = "(" + QualifiedNameFmt + ")?";
    private const string QualifiedNameErrMsg = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

    private static readonly ConcurrentDictionary<string, Regex> Anchored = new(StringComparer.Ordinal);

    private static bool FullMatch(string fmt, string s) =>
        Anchored.GetOrAdd(fmt, f => new Regex("^(?:" + f + ")\\z", RegexOptions.CultureInvariant | RegexOptions.Compiled)).IsMatch(s);

    private static string MaxLen(int n) => $"must be no more than {n} characters";

    /// <summary>apimachinery's RegexError: the message, the examples, and the pattern.</summary>
    private static string RegexError(string msg, string fmt, params string[] examples) =>
        examples.Length == 0
            ? $"{msg} (regex used for validation is '{fmt}')"
            : $"{msg} (e.g. {string.Concat(examples.Select((e, i) => (i > 0 ? " or " : "") + "'" + e + "', "))}regex used for validation is '{fmt}')";

    /// <summary>The *Prefix formats accept a trailing dash (generateName), so it is masked before validating.</summary>
    private static string MaskTrailingDash(string s) => s.Length > 1 && s[^1] == '-' ? s[..^1] + "a" : s;

    internal static List<string> Dns1123Label(string s)
    {
        var errs = new List<string>();
        if (s.Length > 63) errs.Add(MaxLen(63));
        if (!FullMatch(Dns1123LabelFmt, s))
            errs.Add(RegexError("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character", Dns1123LabelFmt, "my-name", "123-abc"));
        return errs;
    }

    internal static List<string> Dns1123Subdomain(string s)
    {
        var errs = new List<string>();
        if (s.Length > 253) errs.Add(MaxLen(253));
        if (!FullMatch(Dns1123SubdomainFmt, s))
            errs.Add(RegexError("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character", Dns1123SubdomainFmt, "example.com"));
        return errs;
    }

    internal static List<string> Dns1035Label(string s)
    {
        var errs = new List<string>();
        if (s.Length > 63) errs.Add(MaxLen(63));
        if (!FullMatch(Dns1035LabelFmt, s))
            errs.Add(RegexError("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character", Dns1035LabelFmt, "my-name", "abc-123"));
        return errs;
    }

    internal static List<string> QualifiedName(string s)
    {
        var errs = new List<string>();
        var parts = s.Split('/');
        string name;
        switch (parts.Length)
        {
            case 1: name = parts[0]; break;
            case 2:
                name = parts[1];
                if (parts[0].Length == 0) errs.Add("prefix part must be non-empty");
                else errs.AddRange(Dns1123Subdomain(parts[0]).Select(m => "prefix part " + m));
                break;
            default:
                errs.Add("a qualified name " + RegexError(QualifiedNameErrMsg, QualifiedNameFmt, "MyName", "my.name", "123-abc") +
                         " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
                return errs;
        }
        if (name.Length == 0) errs.Add("name part must be non-empty");
        else if (name.Length > 63) errs.Add("name part " + MaxLen(63));
        if (!FullMatch(QualifiedNameFmt, name)) errs.Add("name part " + RegexError(QualifiedNameErrMsg, QualifiedNameFmt, "MyName", "my.name", "123-abc"));
        return errs;
    }

    internal static List<string> LabelValue(string s)
    {
        var errs = new List<string>();
        if (s.Length > 63) errs.Add(MaxLen(63));
        if (!FullMatch(LabelValueFmt, s))
            errs.Add(RegexError("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character", LabelValueFmt, "MyValue", "my_value", "12345"));
        return errs;
    }

    [GeneratedRegex("^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32})\\z", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Uuid();

    /// <summary>Go's base64.StdEncoding: padded standard alphabet; only CR and LF are ignored.</summary>
    private static bool IsBase64(string s)
    {
        var clean = s.Replace("\r", "").Replace("\n", "");
        if (clean.Length % 4 != 0 || clean.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '='))) return false;
        return Convert.TryFromBase64String(clean, new byte[clean.Length], out _);
    }

    [GeneratedRegex(@"^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?([Zz]|[+-][0-9]{2}:?[0-9]{2})\z", RegexOptions.CultureInvariant)]
    private static partial Regex DateTimeShape();

    /// <summary>strfmt's date-time: RFC 3339 shapes with a real calendar date and time.</summary>
    private static bool IsDateTime(string s)
    {
        var m = DateTimeShape().Match(s);
        if (!m.Success) return false;
        var date = $"{m.Groups[1].Value}-{m.Groups[2].Value}-{m.Groups[3].Value}";
        return DateTime.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
               && int.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture) < 24
               && int.Parse(m.Groups[5].Value, CultureInfo.InvariantCulture) < 60
               && int.Parse(m.Groups[6].Value, CultureInfo.InvariantCulture) < 60;
    }
}
