namespace PspReplacement.Rendering.Bindings;

/// <summary>
/// That a policy is an add-back's replacement of a base rule ("capabilities-restricted, as relaxed by sys-ptrace"), as
/// its annotations &lt;prefix&gt;/relaxes and &lt;prefix&gt;/add-back say. Read from the policy object alone, since check
/// also reads charts rendered with any label prefix.
/// </summary>
public sealed record Relaxation(string Rule, string AddBack)
{
    public const string RelaxesName = "relaxes";
    public const string AddBackName = "add-back";

    /// <summary>The relaxation the annotations name, when both carry the same prefix.</summary>
    public static Relaxation? Of(IDictionary<string, string>? annotations)
    {
        if (annotations is null) return null;
        foreach (var (key, rule) in annotations)
        {
            if (!key.EndsWith("/" + RelaxesName, StringComparison.Ordinal)) continue;
            var prefix = key[..^RelaxesName.Length];
            if (annotations.TryGetValue(prefix + AddBackName, out var addBack)) return new Relaxation(rule, addBack);
        }
        return null;
    }

    public override string ToString() => $"{Rule}, as relaxed by {AddBack}";
}
