namespace PspReplacement.Cel.Tests.Runtime;

public sealed class EnvironmentTests
{
    [Fact]
    public void Optional_syntax_before_1_29_names_the_feature_and_the_version()
    {
        var env = CelEnvironment.ForKubernetes(new KubernetesVersion(1, 28), ["object"]);
        var e = Assert.Throws<CelCompileException>(() => env.Compile("object.?spec"));
        Assert.Contains("requires Kubernetes 1.29 or newer (compiling for 1.28)", e.Message);
        Assert.Equal(1, e.Issues[0].Line);
    }

    [Theory]
    [InlineData("sets.contains([1, 2], [1])", "1.29", "function 'sets.contains' of the sets library requires Kubernetes 1.30 or newer (compiling for 1.29)")]
    [InlineData("sets.intersects([1], [1])", "1.29", "function 'sets.intersects' of the sets library requires Kubernetes 1.30 or newer (compiling for 1.29)")]
    public void A_namespaced_function_before_its_version_names_the_library_and_the_version(string expression, string version, string message)
    {
        var env = CelEnvironment.ForKubernetes(KubernetesVersion.Parse(version));
        var e = Assert.Throws<CelCompileException>(() => env.Compile(expression));
        Assert.Contains(message, e.Message);
        Assert.DoesNotContain("undeclared reference to 'sets'", e.Message);
        Assert.Equal("true", Eval.Show(expression));
    }

    [Fact]
    public void Optional_functions_before_1_29_name_the_version()
    {
        var env = CelEnvironment.ForKubernetes(new KubernetesVersion(1, 26));
        var e = Assert.Throws<CelCompileException>(() => env.Compile("optional.of(1).hasValue()"));
        Assert.Contains("requires Kubernetes 1.29 or newer", e.Message);
    }

    [Fact]
    public void Two_variable_comprehensions_need_1_33()
    {
        Assert.Equal("true", Runtime.Eval.Show("[1, 2].all(i, v, v > i)"));
        var e = Assert.Throws<CelCompileException>(() => CelEnvironment.ForKubernetes(new KubernetesVersion(1, 32)).Compile("[1, 2].all(i, v, v > i)"));
        Assert.Contains("requires Kubernetes 1.33 or newer (compiling for 1.32)", e.Message);
    }

    [Fact]
    public void Undeclared_variable_is_a_compile_error_with_its_position()
    {
        var env = CelEnvironment.ForKubernetes(KubernetesVersion.Latest, ["object"]);
        var e = Assert.Throws<CelCompileException>(() => env.Compile("object.a == 1 &&\n  objekt.b == 2"));
        var issue = Assert.Single(e.Issues);
        Assert.Equal((2, 3), (issue.Line, issue.Column));
        Assert.Contains("undeclared reference to 'objekt'", issue.Message);
    }

    [Theory]
    [InlineData("nosuch(1)", "undeclared reference to 'nosuch'")]
    [InlineData("'a'.size(1)", "found no matching overload for 'size'")]
    [InlineData("'a'.startsWith()", "found no matching overload for 'startsWith'")]
    public void Unknown_functions_are_compile_errors(string expression, string message)
    {
        var e = Assert.Throws<CelCompileException>(() => CelEnvironment.ForKubernetes(KubernetesVersion.Latest).Compile(expression));
        Assert.Contains(message, e.Message);
        Assert.Equal(1, e.Issues[0].Line);
    }

    [Fact]
    public void Versions_outside_the_known_range_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CelEnvironment.ForKubernetes(new KubernetesVersion(1, 25)));
        Assert.Throws<ArgumentOutOfRangeException>(() => CelEnvironment.ForKubernetes(new KubernetesVersion(1, KubernetesVersion.Latest.Minor + 1)));
        Assert.Equal(KubernetesVersion.Oldest, CelEnvironment.ForKubernetes(KubernetesVersion.Oldest).Version);
    }

    [Fact]
    public void Message_literals_are_rejected_cleanly()
    {
        var e = Assert.Throws<CelCompileException>(() => CelEnvironment.ForKubernetes(KubernetesVersion.Latest).Compile("Foo{a: 1}"));
        Assert.Contains("not supported", e.Message);
    }

    [Fact]
    public void Declared_variables_resolve_and_type_names_are_values()
    {
        var env = CelEnvironment.ForKubernetes(KubernetesVersion.Latest, ["object", "params"]);
        var program = env.Compile("type(object) == map && type(1) == int && type(params) == null_type");
        var result = program.Evaluate(new MapActivation(new Dictionary<string, object>
        {
            ["object"] = Runtime.Documents.Pod(("a", null)),
            ["params"] = PspReplacement.Cel.Runtime.CelNull.Value,
        }));
        Assert.Equal(true, result);
    }

    [Fact]
    public void A_program_evaluates_the_same_from_many_threads()
    {
        var program = CelEnvironment.ForKubernetes(KubernetesVersion.Latest, ["object"])
            .Compile("object.spec.containers.map(c, c.name).filter(n, n != 'b').size() + (object.spec.containers.exists_one(c, c.name == 'a') ? 1 : 0)");
        var vars = new MapActivation(new Dictionary<string, object> { ["object"] = Runtime.Documents.Pod(("a", null), ("b", true), ("c", false)) });
        var results = new object[2000];
        Parallel.For(0, results.Length, i => results[i] = program.Evaluate(vars));
        Assert.All(results, r => Assert.Equal(3L, r));
    }

    [Theory]
    // cel-go v0.27.0 (Kubernetes 1.37) checker_test.go "[0].exists(x, x != .x)": .x is the declared x, not the
    // comprehension's; cel-go v0.26.0 (up to 1.36) resolved .x to the innermost scope, the comprehension's x.
    [InlineData("1.36", false)]
    [InlineData("1.37", true)]
    public void A_leading_dot_names_the_global_from_1_37(string version, bool global)
    {
        var env = CelEnvironment.ForKubernetes(KubernetesVersion.Parse(version), ["x", "object"]);
        var vars = new MapActivation(new Dictionary<string, object>
        {
            ["x"] = 7L,
            ["object"] = PspReplacement.Cel.Runtime.CelValue.FromPlain(new Dictionary<string, object?> { ["spec"] = new Dictionary<string, object?> { ["n"] = 7L } }),
        });
        Assert.Equal(global, env.Compile("[0].exists(x, x != .x)").Evaluate(vars));
        // Qualified too: .object.spec.n is the global's field, or (before 1.37) the comprehension variable's.
        var select = env.Compile("[{'spec': {'n': 1}}].all(object, .object.spec.n == 7)").Evaluate(vars);
        Assert.Equal(global, select);
        // Outside a comprehension both resolve .x to the global.
        Assert.Equal(true, env.Compile(".x == 7").Evaluate(vars));
    }

    [Fact]
    public void Mixed_numeric_literals_follow_the_checker()
    {
        Assert.Equal(true, CelEnvironment.ForKubernetes(new KubernetesVersion(1, 29)).Compile("1 < 1.5").Evaluate(MapActivation.Empty));
        var old = Assert.Throws<CelCompileException>(() => CelEnvironment.ForKubernetes(new KubernetesVersion(1, 28)).Compile("1 < 1.5"));
        Assert.Contains("requires Kubernetes 1.29 or newer (compiling for 1.28)", old.Message);
        var add = Assert.Throws<CelCompileException>(() => CelEnvironment.ForKubernetes(KubernetesVersion.Latest).Compile("1 + 1.0"));
        Assert.Contains("found no matching overload for '_+_' applied to '(int, double)'", add.Message);
    }
}
