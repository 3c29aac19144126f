using PspReplacement.Cel.Parsing;
using PspReplacement.Cel.Runtime;

namespace PspReplacement.Cel.Libraries;

/// <summary>
/// cel.bind(v, init, body) of cel-go's ext.Bindings as the parser leaves it without the bind macro: a receiver call on
/// the identifier cel, planned as a local variable. Every environment plans it, so the feature gate can say that
/// Kubernetes has no cel.bind (instead of an unknown 'cel'); a comprehension variable named cel keeps it a plain call.
/// </summary>
internal sealed class BindingsPlanner : ICallPlanner
{
    public static readonly BindingsPlanner Instance = new();

    public IEnumerable<string> Functions => ["bind"];

    public Interpretable Plan(CallExpr call, Planner planner, Func<Interpretable> next)
    {
        if (call is not { Target: IdentExpr { Name: "cel" }, Args: [IdentExpr bound, var init, var body] } || planner.IsLocal("cel"))
            return next();
        planner.RequireFeature(call, LanguageFeature.Bindings);
        var value = planner.Plan(init);
        var (slot, planned) = planner.PlanInScope(bound.Name, body);
        return new BindNode(slot, value, planned);
    }
}
