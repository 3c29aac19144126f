using System.Collections.Concurrent;
using PspReplacement.Cel.Libraries;
using PspReplacement.Cel.Parsing;
using PspReplacement.Cel.Runtime;

namespace PspReplacement.Cel;

/// <summary>What a Kubernetes version's CEL offers: libraries, language features, declared variables. Immutable; thread-safe.</summary>
public sealed class CelEnvironment
{
    private static readonly ConcurrentDictionary<KubernetesVersion, (FunctionTable Functions, IReadOnlyDictionary<string, CelType> Types)> ByVersion = new();

    private readonly FunctionTable _functions;
    private readonly IReadOnlyDictionary<string, CelType> _types;
    private readonly IReadOnlySet<string>? _variables;
    private readonly IFeatureGate _features;
    private readonly string _container;
    private readonly bool _uncheckedFunctions;

    private CelEnvironment(KubernetesVersion version, FunctionTable functions, IReadOnlyDictionary<string, CelType> types,
        IReadOnlySet<string>? variables, IFeatureGate features, string container, bool uncheckedFunctions = false)
    {
        _uncheckedFunctions = uncheckedFunctions;
        Version = version;
        _functions = functions;
        _types = types;
        _variables = variables;
        _features = features;
        _container = container;
    }

    /// <summary>The environment of a kube-apiserver at that version. variables: the names expressions may refer to (null: any name).</summary>
    public static CelEnvironment ForKubernetes(KubernetesVersion version, IEnumerable<string>? variables = null)
    {
        if (version < KubernetesVersion.Oldest || version > KubernetesVersion.Latest)
            throw new ArgumentOutOfRangeException(nameof(version), version,
                $"Kubernetes {version} is not supported: this engine knows the CEL of Kubernetes {KubernetesVersion.Oldest} to {KubernetesVersion.Latest}");
        var (functions, types) = ByVersion.GetOrAdd(version, v => Build(LibrariesFor(v)));
        return new CelEnvironment(version, functions, types, variables?.ToHashSet(StringComparer.Ordinal), new KubernetesFeatures(version), "");
    }

    /// <summary>The standard libraries a Kubernetes version has, followed by its extension libraries.</summary>
    internal static IEnumerable<ICelLibrary> LibrariesFor(KubernetesVersion version)
    {
        yield return StandardLibrary.Instance;
        yield return TimeLibrary.Instance;
        if (version >= KubernetesFeatures.OptionalTypesSince) yield return OptionalLibrary.Instance;
        foreach (var library in KubernetesLibraries.For(version)) yield return library;
    }

    /// <summary>
    /// cel-spec's reference environment, as its conformance data expects it: every language feature (mixed-type
    /// literals allowed), the standard library, optionals, and every extension library at cel-go's newest versions
    /// (the Kubernetes libraries included). A superset of every Kubernetes version's environment.
    /// </summary>
    public static CelEnvironment Conformance(IEnumerable<string>? variables = null) =>
        Custom([StandardLibrary.Instance, TimeLibrary.Instance, OptionalLibrary.Instance, .. CelGoExtensions.Newest], variables);

    /// <summary>An environment with the given libraries and every language feature, e.g. for the cel-spec conformance suite.</summary>
    /// <param name="uncheckedFunctions">Calls to unknown functions evaluate to errors instead of failing compilation (cel-go without its checker).</param>
    internal static CelEnvironment Custom(IEnumerable<ICelLibrary> libraries, IEnumerable<string>? variables = null, string container = "", bool uncheckedFunctions = false)
    {
        var (functions, types) = Build(libraries);
        return new CelEnvironment(KubernetesVersion.Latest, functions, types, variables?.ToHashSet(StringComparer.Ordinal), AllFeatures.Instance, container, uncheckedFunctions);
    }

    private static (FunctionTable, IReadOnlyDictionary<string, CelType>) Build(IEnumerable<ICelLibrary> libraries)
    {
        var list = libraries.ToList();
        var types = new Dictionary<string, CelType>(StringComparer.Ordinal);
        foreach (var library in list)
            foreach (var type in library.Types)
                types.TryAdd(type.Name, type);
        ICallPlanner[] everywhere = [OptionalLibrary.SyntaxPlanner.Instance, BindingsPlanner.Instance];
        return (new FunctionTable(list.SelectMany(l => l.Overloads), [.. everywhere, .. list.SelectMany(l => l.CallPlanners)]), types);
    }

    public KubernetesVersion Version { get; }

    /// <summary>How this environment parses: macros that expand into library functions only when the library is present.</summary>
    public ParserOptions ParserOptions => _functions.HasFunction(MacroExpander.SortByAssociatedKeys)
        ? SortByParserOptions
        : ParserOptions.Default;

    private static readonly ParserOptions SortByParserOptions = ParserOptions.Default with { EnableSortByMacro = true };

    /// <summary>Parses, checks (functions, features and variables known to this environment) and plans an expression. Throws CelCompileException.</summary>
    public CelProgram Compile(string expression)
    {
        var ast = CelParser.Parse(expression, ParserOptions);
        var planner = new Planner(_functions, _variables, _types, _features, _container, _uncheckedFunctions);
        var root = planner.Plan(ast);
        if (planner.Issues.Count > 0)
        {
            var source = new SourceText(expression);
            var issues = planner.Issues.OrderBy(i => i.Offset).ToList();
            var message = string.Join("\n", issues.Select(i => source.Display(i, "<input>")));
            throw new CelCompileException(expression, issues, message);
        }
        return new CelProgram(expression, ast, root, planner.SlotCount);
    }
}

/// <summary>A compiled expression: plan once, evaluate many times, from several threads at once.</summary>
public sealed class CelProgram
{
    private readonly Interpretable _root;
    private readonly int _slotCount;

    internal CelProgram(string expression, Expr ast, Interpretable root, int slotCount)
    {
        Expression = expression;
        Ast = ast;
        _root = root;
        _slotCount = slotCount;
    }

    public string Expression { get; }
    public Expr Ast { get; }

    /// <summary>
    /// An evaluation error located in this expression: "&lt;input&gt;:L:C: message", the source line and a caret under the
    /// call, selection, index or variable that produced it; just the message when the error has no location.
    /// </summary>
    public string DescribeError(CelError error, string description = "<input>")
    {
        if (error.Offset < 0 || error.Offset > Expression.Length) return error.Message;
        var source = new SourceText(Expression);
        var at = source.PositionOf(error.Offset);
        return source.Display(new CelIssue(error.Message, at.Line, at.Column, at.Offset), description, prefix: "");
    }

    /// <summary>Evaluates against the activation; returns a CEL value or a Runtime.CelError. Never throws for user input.</summary>
    public object Evaluate(IActivation activation)
    {
        var frame = Frame.Rent(activation, _slotCount);
        try
        {
            return _root.Eval(frame);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Last resort: a library defect must not take the caller down; it becomes this evaluation's error value.
            return new CelError($"internal error evaluating '{Expression}': {e.GetType().Name}: {e.Message}");
        }
        finally
        {
            Frame.Return(frame);
        }
    }
}
