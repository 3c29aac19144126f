using PspReplacement.Cel.Parsing;
using PspReplacement.Cel.Runtime;
using PspReplacement.Kubernetes;
using PspReplacement.Rendering.Autogen;

namespace PspReplacement.Tests.Rendering.Autogen;

/// <summary>The rewriter on hand-built trees: what each node becomes, independent of the parser.</summary>
public class PodFormRewriterAstTests
{
    private static readonly PodFormRewriter Deployment = new(ControllerKind.Deployment);
    private static readonly PodFormRewriter CronJob = new(ControllerKind.CronJob);

    private static Expr Path(string dotted)
    {
        var parts = dotted.Split('.');
        Expr e = new IdentExpr(parts[0]);
        foreach (var p in parts[1..]) e = new SelectExpr(e, p);
        return e;
    }

    /// <summary>A select chain back as dotted text; "has(...)" for a test-only select.</summary>
    private static string Dotted(Expr e) => e switch
    {
        IdentExpr i => i.Name,
        SelectExpr { TestOnly: true } s => $"has({Dotted(s.Operand)}.{s.Field})",
        SelectExpr s => $"{Dotted(s.Operand)}.{s.Field}",
        _ => throw new InvalidOperationException(e.GetType().Name),
    };

    [Theory]
    [InlineData("object.spec.containers", "object.spec.template.spec.containers")]
    [InlineData("object.spec", "object.spec.template.spec")]
    [InlineData("oldObject.spec.hostPID", "oldObject.spec.template.spec.hostPID")]
    [InlineData("object.metadata.annotations", "object.spec.template.metadata.annotations")]
    [InlineData("object.metadata.labels", "object.spec.template.metadata.labels")]
    [InlineData("object.metadata.name", "object.metadata.name")]
    [InlineData("object.metadata.namespace", "object.metadata.namespace")]
    [InlineData("namespaceObject.metadata.labels", "namespaceObject.metadata.labels")]
    [InlineData("request.userInfo.username", "request.userInfo.username")]
    [InlineData("request.subResource", "request.subResource")]
    public void Rewrites_paths_for_template_kinds(string pod, string controller) =>
        Assert.Equal(controller, Dotted(Deployment.Rewrite(Path(pod))));

    [Theory]
    [InlineData("object.spec.volumes", "object.spec.jobTemplate.spec.template.spec.volumes")]
    [InlineData("oldObject.metadata.annotations", "oldObject.spec.jobTemplate.spec.template.metadata.annotations")]
    public void Rewrites_paths_for_cronjobs(string pod, string controller) =>
        Assert.Equal(controller, Dotted(CronJob.Rewrite(Path(pod))));

    [Fact]
    public void Has_on_spec_tests_the_template()
    {
        var has = new SelectExpr(new IdentExpr("object"), "spec", testOnly: true);
        Assert.Equal("has(object.spec.template.spec)", Dotted(Deployment.Rewrite(has)));
        var hasAnnotations = new SelectExpr(Path("object.metadata"), "annotations", testOnly: true);
        Assert.Equal("has(object.spec.template.metadata.annotations)", Dotted(Deployment.Rewrite(hasAnnotations)));
    }

    [Fact]
    public void Optional_select_on_object_moves_to_the_template()
    {
        var call = new CallExpr(null, Operators.OptionalSelect, [new IdentExpr("object"), new ConstantExpr("spec")]);
        var rewritten = Assert.IsType<CallExpr>(Deployment.Rewrite(call));
        Assert.Equal(Operators.OptionalSelect, rewritten.Function);
        Assert.Equal("object.spec.template", Dotted(rewritten.Args[0]));
        Assert.Equal("spec", Assert.IsType<ConstantExpr>(rewritten.Args[1]).Value);
    }

    [Fact]
    public void Comparing_object_with_null_is_kept()
    {
        var call = new CallExpr(null, Operators.NotEqual, [new IdentExpr("oldObject"), new ConstantExpr(CelNull.Value)]);
        var rewritten = Assert.IsType<CallExpr>(Deployment.Rewrite(call));
        Assert.Equal("oldObject", Assert.IsType<IdentExpr>(rewritten.Args[0]).Name);
    }

    [Fact]
    public void Rewrites_inside_comprehensions_and_keeps_the_macro()
    {
        var c = new ComprehensionExpr("c", null, Path("object.spec.containers"), "@result", new ConstantExpr(true),
            new ConstantExpr(true), new IdentExpr("c"), new IdentExpr("@result"), "all");
        var rewritten = Assert.IsType<ComprehensionExpr>(Deployment.Rewrite(c));
        Assert.Equal("object.spec.template.spec.containers", Dotted(rewritten.IterRange));
        Assert.Equal("all", rewritten.Macro);
    }

    [Theory]
    [InlineData("object")]
    [InlineData("oldObject")]
    [InlineData("request")]
    public void Comprehension_variable_hiding_a_root_is_an_error(string name)
    {
        var c = new ComprehensionExpr(name, null, Path("variables.containers"), "@result", new ConstantExpr(true),
            new ConstantExpr(true), new ConstantExpr(true), new IdentExpr("@result"), "all");
        var e = Assert.Throws<UnsafeRewriteException>(() => Deployment.Rewrite(c));
        Assert.Contains($"'{name}'", e.Message);
    }

    [Theory]
    [InlineData("object.kind", "object.kind")]
    [InlineData("object.apiVersion", "object.apiVersion")]
    [InlineData("object.status.phase", "object.status")]
    [InlineData("request.kind.kind", "request.kind")]
    [InlineData("request.resource.resource", "request.resource")]
    [InlineData("request.requestKind", "request.requestKind")]
    [InlineData("authorizer.requestResource", "authorizer.requestResource")]
    public void Fields_that_differ_between_pod_and_controller_are_errors(string path, string named)
    {
        var e = Assert.Throws<UnsafeRewriteException>(() => Deployment.Rewrite(Path(path)));
        Assert.Contains(named, e.Message);
    }

    [Fact]
    public void Object_passed_whole_to_a_function_is_an_error()
    {
        var call = new CallExpr(null, "size", [new IdentExpr("object")], new SourcePosition(5, 1, 6));
        var e = Assert.Throws<UnsafeRewriteException>(() => Deployment.Rewrite(call));
        Assert.Contains("as a whole", e.Message);
    }
}
