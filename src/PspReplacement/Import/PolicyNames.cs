using System.Text;

namespace PspReplacement.Import;

/// <summary>Names of imported policies: &lt;policy&gt;-&lt;rule&gt; for a Kyverno rule, valid as a VAP (DNS subdomain) name.</summary>
internal static class PolicyNames
{
    public static string ForRule(string policy, string rule) => Sanitize($"{policy}-{rule}");

    public static string ForPolicy(string policy) => Sanitize(policy);

    // Kyverno rule names are free text; VAP names are lower-case DNS subdomains of at most 253 characters.
    private static string Sanitize(string name)
    {
        var b = new StringBuilder();
        foreach (var c in name.ToLowerInvariant())
        {
            var ok = c is >= 'a' and <= 'z' or >= '0' and <= '9' or '.' or '-';
            if (ok) b.Append(c);
            else if (b.Length > 0 && b[^1] != '-') b.Append('-');
        }
        var result = b.ToString().Trim('-', '.');
        return result.Length > 253 ? result[..253].TrimEnd('-', '.') : result;
    }
}
