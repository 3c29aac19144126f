using PspReplacement.Cel.Parsing;

namespace PspReplacement.Cel.Runtime;

/// <summary>
/// A library's say in how calls to some of its functions are planned, for calls that are not "evaluate every argument,
/// then call an overload": arguments evaluated lazily, a body that binds a variable, checks relaxed inside the call.
/// The planner asks the hooks registered for a call's function name, in registration order, before planning it itself.
/// </summary>
internal interface ICallPlanner
{
    /// <summary>The function names this hook plans, as the AST spells them (operators such as <c>_?._</c> included).</summary>
    IEnumerable<string> Functions { get; }

    /// <summary>
    /// The plan for the call. <paramref name="next"/> plans it as if this hook did not exist (the next hook, or the
    /// ordinary overload call); a hook that does not handle this particular call returns <c>next()</c>.
    /// </summary>
    Interpretable Plan(CallExpr call, Planner planner, Func<Interpretable> next);
}
