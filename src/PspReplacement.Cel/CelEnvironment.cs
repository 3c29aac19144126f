using PspReplacement.Cel.Parsing;

namespace PspReplacement.Cel;

// CONTRACT (owner: CEL runtime). Signatures are fixed; bodies are filled in by the runtime work.

/// <summary>What a Kubernetes version's CEL offers: libraries, language features, declared variables. Immutable; thread-safe.</summary>
public sealed class CelEnvironment
{
    /// <summary>The environment of a kube-apiserver at that version. variables: the names expressions may refer to (null: any name).</summary>
    public static CelEnvironment ForKubernetes(KubernetesVersion version, IEnumerable<string>? variables = null) =>
        throw new NotImplementedException("CONTRACT: CelEnvironment.ForKubernetes");

    public KubernetesVersion Version => throw new NotImplementedException("CONTRACT");

    /// <summary>Parses, checks (functions, features and variables known to this environment) and plans an expression. Throws CelCompileException.</summary>
    public CelProgram Compile(string expression) => throw new NotImplementedException("CONTRACT: CelEnvironment.Compile");
}

/// <summary>A compiled expression: plan once, evaluate many times, from several threads at once.</summary>
public sealed class CelProgram
{
    public string Expression => throw new NotImplementedException("CONTRACT");
    public Expr Ast => throw new NotImplementedException("CONTRACT");

    /// <summary>Evaluates against the activation; returns a CEL value or a Runtime.CelError. Never throws for user input.</summary>
    public object Evaluate(IActivation activation) => throw new NotImplementedException("CONTRACT: CelProgram.Evaluate");
}
