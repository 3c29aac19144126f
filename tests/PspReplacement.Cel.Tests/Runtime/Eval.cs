using PspReplacement.Cel.Runtime;

namespace PspReplacement.Cel.Tests.Runtime;

/// <summary>Compiles and evaluates with the newest Kubernetes environment.</summary>
internal static class Eval
{
    public static object Run(string expression, IReadOnlyDictionary<string, object>? variables = null, KubernetesVersion? version = null)
    {
        var env = CelEnvironment.ForKubernetes(version ?? KubernetesVersion.Latest);
        return env.Compile(expression).Evaluate(variables is null ? MapActivation.Empty : new MapActivation(variables));
    }

    public static string Show(string expression, IReadOnlyDictionary<string, object>? variables = null) => CelValue.Format(Run(expression, variables));

    public static CelError Error(string expression, IReadOnlyDictionary<string, object>? variables = null) =>
        Assert.IsType<CelError>(Run(expression, variables));
}
