using PspReplacement.Cel;
using PspReplacement.Cel.Parsing;
using PspReplacement.Kubernetes;

namespace PspReplacement.Rendering.Autogen;

/// <summary>A pod-form expression that has no safe meaning for a controller; Position points at the offending node.</summary>
public sealed class UnsafeRewriteException(string reason, SourcePosition position) : Exception(reason)
{
    public SourcePosition Position { get; } = position;
}

/// <summary>
/// Rewrites a pod-form CEL AST so it reads a controller's pod template instead of a Pod:
/// <c>object.spec</c> ↦ <c>object.&lt;template&gt;.spec</c>, <c>object.metadata</c> ↦ <c>object.&lt;template&gt;.metadata</c>,
/// and the same for <c>oldObject</c>. Works on the tree (never on text), so strings, comments of the user's intent and
/// look-alike names (<c>namespaceObject.spec</c>, <c>variables.object</c>) are untouched.
///
/// Decisions, all made so that a rewritten rule means for the template what it meant for the pod:
/// <list type="bullet">
/// <item><c>has(object.spec)</c>/<c>has(object.metadata)</c> and <c>object.?spec</c> become the same test on the template.</item>
/// <item><c>object.metadata.name</c> and <c>.namespace</c> stay the controller's own: a template has neither, and the
/// controller's name is what a deployer needs to read in a message.</item>
/// <item><c>object == null</c> / <c>oldObject != null</c> stay: the controller's oldObject is null exactly when the pod's would be.</item>
/// <item>Errors: <c>object</c>/<c>oldObject</c> used whole (passed to a function, compared, indexed, iterated),
/// any other top-level field (<c>kind</c>, <c>apiVersion</c>, <c>status</c>: they differ between a Pod and a controller),
/// <c>request</c> used whole or <c>request.kind</c>/<c>resource</c>/<c>requestKind</c>/<c>requestResource</c> (they name the
/// controller, not Pod), <c>authorizer.requestResource</c> (likewise), and a comprehension or <c>cel.bind</c> that declares <c>object</c>, <c>oldObject</c> or <c>request</c>.</item>
/// </list>
/// <c>request.subResource</c> and <c>request.operation</c> stay: a controller request is a main-resource CREATE/UPDATE, which
/// is how a pod-form rule reads an ordinary pod request.
/// </summary>
public sealed class PodFormRewriter(ControllerKind kind) : AstRewriter
{
    private static readonly HashSet<string> Roots = ["object", "oldObject"];
    private static readonly HashSet<string> ProtectedNames = ["object", "oldObject", "request"];
    private static readonly HashSet<string> ControllerOwnMetadata = ["name", "namespace"];
    private static readonly HashSet<string> RequestFieldsNamingTheKind = ["kind", "resource", "requestKind", "requestResource"];

    public ControllerKind Kind { get; } = kind;

    private int _templateReads;

    /// <summary>
    /// Parses, rewrites and prints one expression; an expression that reads nothing of the pod comes back as written.
    /// Throws UnsafeRewriteException, or CelCompileException for a syntax error. Not thread-safe.
    /// </summary>
    public string RewriteText(string expression)
    {
        _templateReads = 0;
        var rewritten = Rewrite(CelParser.Parse(expression));
        return _templateReads == 0 ? expression : CelUnparser.Unparse(rewritten);
    }

    public Expr Rewrite(Expr expr) => Visit(expr);

    protected override Expr VisitIdent(IdentExpr ident) => ident.Name switch
    {
        _ when Roots.Contains(ident.Name) =>
            throw new UnsafeRewriteException($"uses '{ident.Name}' as a whole; only {ident.Name}.spec and {ident.Name}.metadata can be carried over to a pod template", ident.Position),
        "request" => throw new UnsafeRewriteException("uses 'request' as a whole; it describes the controller, not a Pod", ident.Position),
        _ => ident,
    };

    protected override Expr VisitSelect(SelectExpr select)
    {
        // object.metadata.name / .namespace: the controller's own (see the class comment).
        if (select.Operand is SelectExpr { Operand: IdentExpr root, Field: "metadata", TestOnly: false } && Roots.Contains(root.Name)
            && ControllerOwnMetadata.Contains(select.Field))
            return select;
        if (select.Operand is IdentExpr ident)
        {
            if (Roots.Contains(ident.Name))
                return select.Update(TemplateOf(ident, select.Field));
            if (ident.Name == "request")
                return CheckRequestField(select.Field, select.Position, select);
            if (ident.Name == "authorizer" && select.Field == "requestResource")
                throw new UnsafeRewriteException("reads authorizer.requestResource, which is the controller's resource, not pods; name the resource with authorizer.group(...).resource(...)", select.Position);
        }
        return base.VisitSelect(select);
    }

    protected override Expr VisitCall(CallExpr call)
    {
        if (call.Target is null && call.Args.Count == 2)
        {
            var (left, right) = (call.Args[0], call.Args[1]);
            // object.?spec / object.?metadata, and object.metadata.?name kept like its plain form.
            if (call.Function == Operators.OptionalSelect && right is ConstantExpr { Value: string field })
            {
                if (left is IdentExpr ident && Roots.Contains(ident.Name))
                    return call.Update(null, [TemplateOf(ident, field), right]);
                if (left is IdentExpr { Name: "request" })
                    return CheckRequestField(field, call.Position, call);
                if (left is SelectExpr { Operand: IdentExpr root, Field: "metadata", TestOnly: false } && Roots.Contains(root.Name)
                    && ControllerOwnMetadata.Contains(field))
                    return call;
            }
            // object == null, oldObject != null: true for the controller exactly when for the pod.
            if (call.Function is Operators.Equal or Operators.NotEqual && (IsRootVsNull(left, right) || IsRootVsNull(right, left)))
                return call;
        }
        return base.VisitCall(call);
    }

    private static bool IsRootVsNull(Expr a, Expr b) =>
        a is IdentExpr ident && Roots.Contains(ident.Name) && b is ConstantExpr { Value: Cel.Runtime.CelNull };

    private static Expr CheckRequestField(string field, SourcePosition position, Expr unchanged) =>
        RequestFieldsNamingTheKind.Contains(field)
            ? throw new UnsafeRewriteException($"reads request.{field}, which names the controller's kind, not Pod; match on the object's fields instead", position)
            : unchanged;

    protected override Expr VisitComprehension(ComprehensionExpr c)
    {
        foreach (var name in new[] { c.IterVar, c.IterVar2, c.AccuVar })
            if (name is not null && ProtectedNames.Contains(name))
                throw new UnsafeRewriteException($"declares a variable named '{name}' (in {c.Macro ?? "a comprehension"}), which hides the request's '{name}'; rename it", c.Position);
        return base.VisitComprehension(c);
    }

    /// <summary>root.&lt;template path&gt; for a top-level field of a Pod; anything but spec and metadata is an error.</summary>
    private Expr TemplateOf(IdentExpr root, string field)
    {
        if (field is not ("spec" or "metadata"))
            throw new UnsafeRewriteException($"reads {root.Name}.{field}, which differs between a Pod and a pod controller; only {root.Name}.spec and {root.Name}.metadata can be carried over", root.Position);
        _templateReads++;
        Expr path = new IdentExpr(root.Name, root.Position);
        foreach (var step in Kind.TemplatePath)
            path = new SelectExpr(path, step, false, root.Position);
        return path;
    }
}
