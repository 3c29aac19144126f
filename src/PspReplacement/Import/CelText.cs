using System.Text;

namespace PspReplacement.Import;

/// <summary>Builds CEL source text for the conditions the import writes (Kyverno match filters as matchConditions).</summary>
internal static class CelText
{
    /// <summary>A single-quoted CEL string literal.</summary>
    public static string Quote(string text)
    {
        var b = new StringBuilder("'");
        foreach (var c in text)
            b.Append(c switch
            {
                '\\' => @"\\",
                '\'' => @"\'",
                '\n' => @"\n",
                '\r' => @"\r",
                '\t' => @"\t",
                _ => c.ToString(),
            });
        return b.Append('\'').ToString();
    }

    public static string List(IEnumerable<string> items) => "[" + string.Join(", ", items.Select(Quote)) + "]";

    public static bool HasWildcard(string pattern) => pattern.Contains('*') || pattern.Contains('?');

    /// <summary>Kyverno's wildcards (* any run, ? one character) as an anchored RE2 pattern.</summary>
    public static string WildcardRegex(string pattern)
    {
        var b = new StringBuilder("^");
        foreach (var c in pattern)
        {
            if (c == '*') b.Append(".*");
            else if (c == '?') b.Append('.');
            else if (@"\.+()[]{}|^$".Contains(c)) b.Append('\\').Append(c);
            else b.Append(c);
        }
        return b.Append('$').ToString();
    }

    /// <summary>A CEL test that a string expression equals one of the patterns (Kyverno wildcards allowed).</summary>
    public static string MatchesAny(string subject, IReadOnlyList<string> patterns)
    {
        var exact = patterns.Where(p => !HasWildcard(p)).ToList();
        var wild = patterns.Where(HasWildcard).ToList();
        var parts = new List<string>();
        if (exact.Count == 1) parts.Add($"{subject} == {Quote(exact[0])}");
        else if (exact.Count > 1) parts.Add($"{subject} in {List(exact)}");
        parts.AddRange(wild.Select(w => $"{subject}.matches({Quote(WildcardRegex(w))})"));
        return Or(parts);
    }

    public static string And(IReadOnlyList<string> parts) => parts.Count switch
    {
        0 => "true",
        1 => parts[0],
        _ => string.Join(" && ", parts.Select(p => HasTopLevel(p, "||") || HasTopLevel(p, "?") ? $"({p})" : p)),
    };

    // && inside || is grouped too: correct without, but a reader should not need the precedence table.
    public static string Or(IReadOnlyList<string> parts) => parts.Count switch
    {
        0 => "false",
        1 => parts[0],
        _ => string.Join(" || ", parts.Select(p => HasTopLevel(p, "&&") || HasTopLevel(p, "?") ? $"({p})" : p)),
    };

    public static string Not(string expression) => HasTopLevel(expression, " ") ? $"!({expression})" : "!" + expression;

    /// <summary>Whether the text occurs outside string literals, parentheses and brackets.</summary>
    private static bool HasTopLevel(string expression, string text)
    {
        var depth = 0;
        var quote = '\0';
        for (var i = 0; i < expression.Length; i++)
        {
            var c = expression[i];
            if (quote != '\0') { if (c == '\\') i++; else if (c == quote) quote = '\0'; continue; }
            if (c is '\'' or '"') quote = c;
            else if (c is '(' or '[' or '{') depth++;
            else if (c is ')' or ']' or '}') depth--;
            else if (depth == 0 && string.CompareOrdinal(expression, i, text, 0, text.Length) == 0) return true;
        }
        return false;
    }
}
