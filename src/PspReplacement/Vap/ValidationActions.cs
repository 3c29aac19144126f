namespace PspReplacement.Vap;

/// <summary>A binding's validationActions: the apiserver's rules for them and the canonical order render writes them in.</summary>
public static class ValidationActions
{
    public const string Deny = "Deny";
    public const string Warn = "Warn";
    public const string Audit = "Audit";

    private static readonly string[] Order = [Deny, Warn, Audit];

    /// <summary>Deny, Warn, Audit order without duplicates, as reviewers expect to read them.</summary>
    public static IReadOnlyList<string> Canonical(IEnumerable<string> actions) => [.. Order.Where(actions.Contains)];

    /// <summary>
    /// Problems with a list of actions, each naming where it was set (a binding, or "values/eqiad.yaml:12:5 (namespace
    /// mw-web, policy x)"). The apiserver refuses Deny with Warn (a denied request already carries the message), empty
    /// lists, unknown actions and duplicates.
    /// </summary>
    public static IReadOnlyList<string> Problems(IReadOnlyList<string> actions, string where)
    {
        var problems = new List<string>();
        if (actions.Count == 0)
            problems.Add($"{where}: validationActions is empty; give at least one of Deny, Warn, Audit ([Audit] starts a rollout, then [Warn, Audit], then [Deny, Audit])");
        foreach (var unknown in actions.Where(a => !Order.Contains(a, StringComparer.Ordinal)).Distinct())
            problems.Add($"{where}: unknown validationAction '{unknown}'; use Deny, Warn or Audit");
        foreach (var duplicate in actions.GroupBy(a => a).Where(g => g.Count() > 1).Select(g => g.Key))
            problems.Add($"{where}: validationAction '{duplicate}' is listed twice");
        if (actions.Contains(Deny) && actions.Contains(Warn))
            problems.Add($"{where}: validationActions [Deny, Warn] is refused by the apiserver (a denial already shows its message); use [Deny, Audit] or [Warn, Audit]");
        return problems;
    }

    public static bool Denies(IReadOnlyList<string> actions) => actions.Contains(Deny);
}
