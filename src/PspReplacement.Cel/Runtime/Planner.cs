using PspReplacement.Cel.Parsing;

namespace PspReplacement.Cel.Runtime;

/// <summary>What the environment allows beyond the core language; the planner asks it before using a gated feature.</summary>
internal interface IFeatureGate
{
    /// <summary>Null when the feature is available, otherwise the message explaining why not (e.g. which version has it).</summary>
    string? Check(LanguageFeature feature);

    /// <summary>Kubernetes' cel.HomogeneousAggregateLiterals: list and map literals must not mix element types.</summary>
    bool HomogeneousAggregateLiterals { get; }

    /// <summary>Kubernetes 1.29+: duration(), timestamp() and matches() with literal arguments are checked when compiling.</summary>
    bool ValidateLiterals { get; }

    /// <summary>For a function this environment lacks: why (e.g. "requires Kubernetes 1.30 or newer"), or null if nothing knows it.</summary>
    string? MissingFunctionHint(string function);

    /// <summary>
    /// cel-spec: a leading dot names the environment's variable (<c>.x</c> is the global x even inside a comprehension
    /// over x). False for cel-go before v0.27.0, whose checker resolved <c>.x</c> to the innermost scope first.
    /// </summary>
    bool LeadingDotNamesGlobal { get; }
}

internal enum LanguageFeature { OptionalSyntax, TwoVariableComprehensions, Bindings, CrossTypeNumericComparisons }

/// <summary>
/// Turns a parsed expression into a tree of <see cref="Interpretable"/> nodes once: resolves variables (comprehension
/// variables to slots), overload candidates by name/arity/call style, type names, and folds constant sub-expressions.
/// Collects every problem as a <see cref="CelIssue"/> instead of stopping at the first.
/// </summary>
internal sealed partial class Planner(
    FunctionTable functions,
    IReadOnlySet<string>? variables,
    IReadOnlyDictionary<string, CelType> typeNames,
    IFeatureGate features,
    string container = "",
    bool unknownFunctionsAreRuntimeErrors = false) : AstVisitor<Interpretable>
{
    private readonly List<CelIssue> _issues = [];
    private readonly List<(string Name, int Slot)> _scope = [];
    private int _slotCount;
    private int _literalTypeChecksOff;

    public IReadOnlyList<CelIssue> Issues => _issues;
    public int SlotCount => _slotCount;

    private static readonly Frame FoldingFrame = new(MapActivation.Empty, 0);

    public Interpretable Plan(Expr e) => Visit(e);

    protected override Interpretable VisitConstant(ConstantExpr c) => new ConstantNode(c.Value is bool b ? CelValue.Bool(b) : c.Value);

    protected override Interpretable VisitIdent(IdentExpr id) =>
        TryQualifiedName(id, out var parts) && ScopedSlot(parts[0]) < 0 ? PlanQualified(id, parts) : new SlotNode(ScopedSlot(id.Name));

    protected override Interpretable VisitSelect(SelectExpr s)
    {
        if (s.TestOnly) return new HasNode(Plan(s.Operand), s.Field, s.Position.Offset);
        if (TryQualifiedName(s, out var parts) && ScopedSlot(parts[0]) < 0) return PlanQualified(s, parts);
        return new SelectNode(Plan(s.Operand), s.Field, s.Position.Offset);
    }

    protected override Interpretable VisitCall(CallExpr call) => PlanCall(call);

    protected override Interpretable VisitList(ListExpr list) => PlanList(list);

    protected override Interpretable VisitMap(MapExpr map) => PlanMap(map);

    protected override Interpretable VisitComprehension(ComprehensionExpr comp) => PlanComprehension(comp);

    protected override Interpretable VisitStruct(StructExpr st) =>
        Fail(st, $"message literals ({st.TypeName}{{...}}) are not supported: this engine has no protobuf message types");

    protected override Interpretable DefaultVisit(Expr e) => Fail(e, $"unsupported expression {e.GetType().Name}");

    internal Interpretable Fail(Expr at, string message)
    {
        Report(at, message);
        return new ConstantNode(new CelError(message));
    }

    private void Report(Expr at, string message) =>
        _issues.Add(new CelIssue(message, at.Position.Line, at.Position.Column, at.Position.Offset));

    /// <summary>The comprehension variable an identifier as written refers to, or -1 (see <see cref="IFeatureGate.LeadingDotNamesGlobal"/>).</summary>
    private int ScopedSlot(string name) =>
        name.StartsWith('.') && !features.LeadingDotNamesGlobal ? LocalSlot(name[1..]) : LocalSlot(name);

    private int LocalSlot(string name)
    {
        for (var i = _scope.Count - 1; i >= 0; i--)
            if (_scope[i].Name == name) return _scope[i].Slot;
        return -1;
    }

    /// <summary>a, a.b, a.b.c as their parts (field selections on an identifier), or false for anything else.</summary>
    private static bool TryQualifiedName(Expr e, out string[] parts)
    {
        var stack = new List<string>();
        while (true)
        {
            switch (e)
            {
                case IdentExpr id:
                    stack.Add(id.Name);
                    stack.Reverse();
                    parts = [.. stack];
                    return true;
                case SelectExpr { TestOnly: false } s:
                    stack.Add(s.Field);
                    e = s.Operand;
                    continue;
                default:
                    parts = [];
                    return false;
            }
        }
    }

    /// <summary>Names to try for an identifier written in the container: "a.b.x", "a.x", "x" for container "a.b" (cel-go's resolution order).</summary>
    private IEnumerable<string> ContainerCandidates(string name)
    {
        if (name.StartsWith('.')) { yield return name[1..]; yield break; }
        var prefix = container;
        while (prefix.Length > 0)
        {
            yield return prefix + "." + name;
            var dot = prefix.LastIndexOf('.');
            prefix = dot < 0 ? "" : prefix[..dot];
        }
        yield return name;
    }

    private Interpretable PlanQualified(Expr e, string[] parts)
    {
        // Longest prefix first: a declared "a.b" wins over field b of variable a.
        var candidates = new List<string>();
        var remainders = new List<string[]>();
        for (var k = parts.Length; k >= 1; k--)
        {
            var name = string.Join('.', parts, 0, k);
            foreach (var full in ContainerCandidates(name))
            {
                if (k == parts.Length && typeNames.TryGetValue(full, out var type) && !(variables?.Contains(full) ?? false))
                    return new ConstantNode(type);
                if (variables is not null && !variables.Contains(full)) continue;
                if (variables is not null)
                {
                    var offsets = PartOffsets(e, parts.Length);
                    Interpretable node = new VariableNode(full, offsets[k - 1]);
                    for (var j = k; j < parts.Length; j++) node = new SelectNode(node, parts[j], offsets[j]);
                    return node;
                }
                candidates.Add(full);
                remainders.Add(parts[k..]);
            }
        }
        var root = e;
        while (root is SelectExpr s) root = s.Operand;
        if (variables is not null)
            return Fail(root, $"undeclared reference to '{parts[0]}' (in container '{container}')");
        if (candidates.Count == 1) return new VariableNode(candidates[0], root.Position.Offset);
        return new QualifiedVariableNode([.. candidates], [.. remainders]);
    }

    /// <summary>Offsets of a.b.c's parts: the identifier, then each selection, so errors point at the part that failed.</summary>
    private static int[] PartOffsets(Expr e, int count)
    {
        var offsets = new int[count];
        for (var i = count - 1; i >= 0; i--)
        {
            offsets[i] = e.Position.Offset;
            if (e is SelectExpr s) e = s.Operand;
        }
        return offsets;
    }

    private Interpretable PlanList(ListExpr list)
    {
        if (list.OptionalIndices.Count > 0) RequireFeature(list, LanguageFeature.OptionalSyntax);
        if (features.HomogeneousAggregateLiterals && _literalTypeChecksOff == 0) CheckHomogeneous(list.Elements);
        var elements = list.Elements.Select(Plan).ToArray();
        bool[]? optional = null;
        if (list.OptionalIndices.Count > 0)
        {
            optional = new bool[elements.Length];
            foreach (var i in list.OptionalIndices) optional[i] = true;
        }
        return Fold(new ListNode(elements, optional), elements);
    }

    private Interpretable PlanMap(MapExpr map)
    {
        if (map.Entries.Any(en => en.Optional)) RequireFeature(map, LanguageFeature.OptionalSyntax);
        if (features.HomogeneousAggregateLiterals && _literalTypeChecksOff == 0)
        {
            CheckHomogeneous(map.Entries.Select(en => en.Key).ToList());
            CheckHomogeneous(map.Entries.Where(en => !en.Optional).Select(en => en.Value).ToList());
        }
        var keys = map.Entries.Select(en => Plan(en.Key)).ToArray();
        var values = map.Entries.Select(en => Plan(en.Value)).ToArray();
        var optional = map.Entries.Any(en => en.Optional) ? map.Entries.Select(en => en.Optional).ToArray() : null;
        return Fold(new MapNode(keys, values, optional), [.. keys, .. values]);
    }

    internal void RequireFeature(Expr at, LanguageFeature feature)
    {
        if (features.Check(feature) is { } problem) Report(at, problem);
    }

    /// <summary>Evaluates a node now when all its inputs are constants, so each evaluation just returns the value.</summary>
    internal static Interpretable Fold(Interpretable node, Interpretable[] inputs)
    {
        foreach (var input in inputs)
            if (input is not ConstantNode) return node;
        try
        {
            var v = node.Eval(FoldingFrame);
            return v is CelError ? node : new ConstantNode(v);
        }
        catch (Exception)
        {
            return node; // a library bug surfaces at evaluation time, where Evaluate turns it into an error value
        }
    }

    private Interpretable PlanComprehension(ComprehensionExpr c)
    {
        if (c.IterVar2 is not null) RequireFeature(c, LanguageFeature.TwoVariableComprehensions);
        if (c.Macro is "bind" or "cel.bind") RequireFeature(c, LanguageFeature.Bindings);
        var range = Plan(c.IterRange);
        var appends = IsListBuilding(c);
        var init = appends ? NewListAccumulatorNode.Instance : Plan(c.AccuInit);
        var mark = _scope.Count;
        var accuSlot = NewSlot(c.AccuVar);
        var iterSlot = NewSlot(c.IterVar);
        var iter2Slot = c.IterVar2 is null ? -1 : NewSlot(c.IterVar2);
        if (IsQuantifier(c, out var isAll, out var predicate))
        {
            var planned = Plan(predicate);
            _scope.RemoveRange(mark, _scope.Count - mark);
            return new QuantifierNode(range, iterSlot, iter2Slot, planned, isAll);
        }
        var condition = Plan(c.LoopCondition);
        var step = appends ? PlanAppendStep(c.LoopStep, c.AccuVar, accuSlot) : Plan(c.LoopStep);
        var result = appends ? new FinishListNode(accuSlot) : Plan(c.Result);
        _scope.RemoveRange(mark, _scope.Count - mark);
        if (c.IterRange is ListExpr { Elements.Count: 0 })
            return new BindNode(accuSlot, init, result);
        return new ComprehensionNode(range, iterSlot, iter2Slot, accuSlot, init, condition, step, result);
    }

    private int NewSlot(string name)
    {
        var slot = _slotCount++;
        _scope.Add((name, slot));
        return slot;
    }

    /// <summary>A variable visible only in <paramref name="body"/> (a binding such as cel.bind's or optMap's): its slot and the planned body.</summary>
    internal (int Slot, Interpretable Body) PlanInScope(string name, Expr body)
    {
        var mark = _scope.Count;
        var slot = NewSlot(name);
        var planned = Plan(body);
        _scope.RemoveRange(mark, _scope.Count - mark);
        return (slot, planned);
    }

    /// <summary>Whether the name is a comprehension or bound variable where planning is (so it is not a global name).</summary>
    internal bool IsLocal(string name) => LocalSlot(name) >= 0;

    /// <summary>Plans with the homogeneous-literal checks off, for what a library exempts from them (see <see cref="IFeatureGate.HomogeneousAggregateLiterals"/>).</summary>
    internal Interpretable WithoutLiteralTypeChecks(Func<Interpretable> plan)
    {
        _literalTypeChecksOff++;
        try { return plan(); }
        finally { _literalTypeChecksOff--; }
    }

    /// <summary>A call: the hooks libraries registered for its name first (see <see cref="ICallPlanner"/>), then the planner's own rules.</summary>
    private Interpretable PlanCall(CallExpr call) => PlanCall(call, functions.CallPlanners(call.Function), 0);

    private Interpretable PlanCall(CallExpr call, ICallPlanner[] planners, int next) =>
        next < planners.Length
            ? planners[next].Plan(call, this, () => PlanCall(call, planners, next + 1))
            : PlanCallChecked(call);

    private Interpretable PlanCallChecked(CallExpr call)
    {
        var fn = call.Function;
        var args = call.Args;
        if (call.Target is null)
        {
            switch (fn)
            {
                case Operators.LogicalAnd when args.Count >= 2:
                    return args.Skip(1).Aggregate(Plan(args[0]), (acc, a) => new AndNode(acc, Plan(a)));
                case Operators.LogicalOr when args.Count >= 2:
                    return args.Skip(1).Aggregate(Plan(args[0]), (acc, a) => new OrNode(acc, Plan(a)));
                case Operators.Conditional when args.Count == 3:
                    return FoldConditional(Plan(args[0]), Plan(args[1]), Plan(args[2]));
                case Operators.LogicalNot when args.Count == 1:
                {
                    var operand = Plan(args[0]);
                    return Fold(new NotNode(operand), [operand]);
                }
                case Operators.NotStrictlyFalse when args.Count == 1:
                    return new NotStrictlyFalseNode(Plan(args[0]));
                case Operators.Equal when args.Count == 2:
                case Operators.NotEqual when args.Count == 2:
                {
                    var left = Plan(args[0]);
                    var right = Plan(args[1]);
                    return Fold(new EqualsNode(left, right, negate: fn == Operators.NotEqual), [left, right]);
                }
                case Operators.Index when args.Count == 2:
                {
                    var operand = Plan(args[0]);
                    var index = Plan(args[1]);
                    return Fold(new IndexNode(operand, index, call.Position.Offset), [operand, index]);
                }
            }
        }
        // pkg.fn(args): a namespaced global function (optional.of, strings.quote, math.greatest), unless pkg is a variable.
        else if (TryQualifiedName(call.Target, out var parts) && LocalSlot(parts[0]) < 0)
        {
            var qualified = string.Join('.', parts) + "." + fn;
            if (functions.HasFunction(qualified) && !(variables?.Contains(parts[0]) ?? false))
                return PlanFunction(call, qualified, receiver: false, args.Select(Plan).ToArray());
            // sets.contains at 1.29: name the library and the version it arrives in, not an undeclared 'sets'.
            if (!(variables?.Contains(parts[0]) ?? false) && features.MissingFunctionHint(qualified) is { } later)
                return Fail(call, later);
        }
        if (features.HomogeneousAggregateLiterals && call.Target is null && args is [ConstantExpr { Value: var l }, ConstantExpr { Value: var r }])
            CheckLiteralOperands(call, fn, l, r);
        var planned = new List<Interpretable>(args.Count + 1);
        if (call.Target is not null) planned.Add(Plan(call.Target));
        foreach (var a in args) planned.Add(Plan(a));
        return PlanFunction(call, fn, call.Target is not null, [.. planned]);
    }

    private Interpretable PlanFunction(CallExpr call, string fn, bool receiver, Interpretable[] args)
    {
        var candidates = functions.Candidates(fn, receiver, args.Length);
        if (candidates.Length == 0 && unknownFunctionsAreRuntimeErrors)
            return new ConstantNode(new CelError($"no such overload: {fn}"));
        if (candidates.Length == 0)
        {
            var hint = features.MissingFunctionHint(fn);
            if (!functions.HasFunction(fn))
                return Fail(call, hint ?? $"undeclared reference to '{fn}' (in container '{container}')");
            var style = receiver ? $"a receiver call with {args.Length - 1} argument(s)" : $"a call with {args.Length} argument(s)";
            return Fail(call, hint ?? $"found no matching overload for '{fn}' as {style}");
        }
        if (features.ValidateLiterals) ValidateLiteralArguments(call, fn, receiver ? [call.Target!, .. call.Args] : call.Args);
        if (PlanConstantMembership(fn, args, candidates) is { } membership) return membership;
        Interpretable node = args.Length switch
        {
            0 => new Call0Node(fn, candidates, call.Position.Offset),
            1 => new Call1Node(fn, args[0], candidates, call.Position.Offset),
            2 => new Call2Node(fn, args[0], args[1], candidates, call.Position.Offset),
            3 => new Call3Node(fn, args[0], args[1], args[2], candidates, call.Position.Offset),
            _ => new CallNNode(fn, args, candidates, call.Position.Offset),
        };
        return args.Length == 0 ? node : Fold(node, args);
    }

    private static Interpretable FoldConditional(Interpretable c, Interpretable t, Interpretable f) =>
        c is ConstantNode { Value: bool b } ? (b ? t : f) : new ConditionalNode(c, t, f);
}
