namespace PspReplacement.Cel.Runtime;

/// <summary>Every overload an environment offers, by function name; candidates are ordered most specific first.</summary>
internal sealed class FunctionTable
{
    private readonly Dictionary<string, Overload[]> _byName;
    private readonly Dictionary<string, ICallPlanner[]> _planners;

    public FunctionTable(IEnumerable<Overload> overloads, IEnumerable<ICallPlanner>? planners = null)
    {
        _planners = (planners ?? [])
            .SelectMany(p => p.Functions.Select(f => (Function: f, Planner: p)))
            .GroupBy(x => x.Function, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Planner).ToArray(), StringComparer.Ordinal);
        _byName = overloads
            .GroupBy(o => o.Function, StringComparer.Ordinal)
            // Typed overloads before dyn ones, so a library's (net.IP, net.IP) wins over a standard (dyn, dyn) fallback.
            .ToDictionary(g => g.Key, g => g.OrderBy(o => o.Parameters.Count(p => p.Name == "dyn")).ToArray(), StringComparer.Ordinal);
    }

    public bool HasFunction(string name) => _byName.ContainsKey(name);

    /// <summary>The hooks that plan calls of this name, in registration order (see <see cref="ICallPlanner"/>).</summary>
    public ICallPlanner[] CallPlanners(string name) => _planners.TryGetValue(name, out var planners) ? planners : [];

    /// <summary>The overloads callable with this many arguments (receiver included) in this call style.</summary>
    public Overload[] Candidates(string name, bool receiver, int arity)
    {
        if (!_byName.TryGetValue(name, out var all)) return [];
        return all.Where(o => o.Receiver == receiver && o.Parameters.Count == arity).ToArray();
    }
}
