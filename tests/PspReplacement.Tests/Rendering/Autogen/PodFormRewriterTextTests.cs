using PspReplacement.Cel;
using PspReplacement.Kubernetes;
using PspReplacement.Rendering.Autogen;

namespace PspReplacement.Tests.Rendering.Autogen;

/// <summary>Rewritten expressions as a reviewer reads them in the rendered chart (golden strings), and the refusals.</summary>
public class PodFormRewriterTextTests
{
    private static string Deployment(string pod) => new PodFormRewriter(ControllerKind.Deployment).RewriteText(pod);
    private static string CronJob(string pod) => new PodFormRewriter(ControllerKind.CronJob).RewriteText(pod);

    [Theory]
    [InlineData(
        "object.spec.containers.all(c, !has(c.securityContext) || !has(c.securityContext.privileged) || !c.securityContext.privileged)",
        "object.spec.template.spec.containers.all(c, !has(c.securityContext) || !has(c.securityContext.privileged) || !c.securityContext.privileged)")]
    [InlineData(
        "object.spec.containers + object.spec.?initContainers.orValue([]) + object.spec.?ephemeralContainers.orValue([])",
        "object.spec.template.spec.containers + object.spec.template.spec.?initContainers.orValue([]) + object.spec.template.spec.?ephemeralContainers.orValue([])")]
    [InlineData(
        "!has(object.spec.hostNetwork) || object.spec.hostNetwork == false",
        "!has(object.spec.template.spec.hostNetwork) || object.spec.template.spec.hostNetwork == false")]
    [InlineData(
        "!has(object.metadata.annotations) || object.metadata.annotations.all(k, !k.startsWith('container.apparmor.security.beta.kubernetes.io/'))",
        "!has(object.spec.template.metadata.annotations) || object.spec.template.metadata.annotations.all(k, !k.startsWith(\"container.apparmor.security.beta.kubernetes.io/\"))")]
    [InlineData(
        "'pod ' + object.metadata.name + ' must not use hostPID: ' + string(object.spec.hostPID)",
        "\"pod \" + object.metadata.name + \" must not use hostPID: \" + string(object.spec.template.spec.hostPID)")]
    [InlineData(
        "oldObject == null || object.spec.containers.size() == oldObject.spec.containers.size()",
        "oldObject == null || object.spec.template.spec.containers.size() == oldObject.spec.template.spec.containers.size()")]
    [InlineData(
        "has(object.spec) && object.?metadata.?labels.orValue({}).size() >= 0",
        "has(object.spec.template.spec) && object.spec.template.?metadata.?labels.orValue({}).size() >= 0")]
    public void Template_kinds(string pod, string expected) => Assert.Equal(expected, Deployment(pod));

    [Fact]
    public void CronJobs_read_the_job_template()
    {
        Assert.Equal("object.spec.jobTemplate.spec.template.spec.volumes.exists(v, has(v.hostPath))",
            CronJob("object.spec.volumes.exists(v, has(v.hostPath))"));
        Assert.Equal("object.spec.jobTemplate.spec.template.metadata.labels",
            CronJob("object.metadata.labels"));
    }

    [Fact]
    public void An_expression_that_reads_nothing_of_the_pod_is_returned_as_written()
    {
        const string text = "request.userInfo.username != 'system:admin' && variables.ok";
        Assert.Same(text, Deployment(text));
    }

    [Fact]
    public void Rewriting_is_structural_not_textual()
    {
        // "object.spec" inside a string and a look-alike field name stay as they are.
        Assert.Equal("namespaceObject.metadata.name != \"object.spec\" && object.spec.template.spec.hostIPC == false",
            Deployment("namespaceObject.metadata.name != 'object.spec' && object.spec.hostIPC == false"));
    }

    [Theory]
    [InlineData("object.kind == 'Pod'", "object.kind", 1, 1)]
    [InlineData("true && object.apiVersion == 'v1'", "object.apiVersion", 1, 9)]
    [InlineData("has(object.status)", "object.status", 1, 5)]
    [InlineData("request.kind.kind == 'Pod'", "request.kind", 1, 8)]
    [InlineData("request.resource.resource == 'pods'", "request.resource", 1, 8)]
    [InlineData("size(object) > 0", "as a whole", 1, 6)]
    [InlineData("object != oldObject", "as a whole", 1, 1)]
    [InlineData("object['spec'].hostPID", "as a whole", 1, 1)]
    [InlineData("[object].all(o, has(o.spec))", "as a whole", 1, 2)]
    [InlineData("variables.pods.all(object, has(object.spec))", "'object'", 1, 19)]
    [InlineData("cel.bind(oldObject, 1, oldObject > 0)", "'oldObject'", 1, 10)]
    public void Unsafe_expressions_are_refused_with_a_position(string pod, string named, int line, int column)
    {
        var e = Assert.Throws<UnsafeRewriteException>(() => Deployment(pod));
        Assert.Contains(named, e.Message);
        Assert.Equal((line, column), (e.Position.Line, e.Position.Column));
    }

    [Fact]
    public void Syntax_errors_surface_as_compile_errors() =>
        Assert.Throws<CelCompileException>(() => Deployment("object.spec.containers.all(c, "));
}
