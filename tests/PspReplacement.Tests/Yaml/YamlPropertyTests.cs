using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using PspReplacement.Manifests;
using PspReplacement.Tests.Fuzz;
using PspReplacement.Yaml;

namespace PspReplacement.Tests.Yaml;

/// <summary>
/// Hostile and broken input, generated: manifests truncated, with bytes flipped, YAML indicators and control
/// characters inserted, nested deep, aliased, with huge scalars. Reading never throws, every problem says
/// file:line:column within the file, and the documents after a broken one are still read.
/// </summary>
public partial class YamlPropertyTests
{
    private static readonly string[] Manifests =
    [
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels: {app: web, tier: "1"}
        spec:
          replicas: 2
          template:
            spec:
              containers:
                - name: app
                  image: registry.example.org/app:1.2
                  args: [--port=8080, "--mode=fast"]
                  env:
                    - {name: A, value: 'x'}
                  securityContext:
                    allowPrivilegeEscalation: false
                    capabilities: {drop: [ALL]}
              volumes:
                - name: config
                  configMap: {name: web}
        """,
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
        data:
          script: |
          
            #!/bin/sh
            echo "hello"
          folded: >-
            one
            two
          anchors: &a {k: v}
          merged:
            <<: *a
            k2: v2
        """,
        """{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "c", "image": "i", "ports": [{"containerPort": 80}]}]}}""",
    ];

    private static readonly Gen<byte[]> Mutated = Mutations.Of(Manifests);

    [GeneratedRegex(@"^in\.yaml:(\d+):(\d+): document \d+: .+|^in\.yaml: ")]
    private static partial Regex Located();

    private static int Lines(byte[] bytes) => bytes.Count(b => b == (byte)'\n') + 1;

    [Fact]
    public void Reading_a_broken_stream_never_throws_and_every_problem_has_a_position_in_the_file()
    {
        Mutated.Sample(bytes =>
        {
            var entries = ManifestReader.ReadStream("in.yaml", new MemoryStream(bytes)).ToList();
            foreach (var problem in entries.Select(e => e.Problem).OfType<string>())
            {
                var m = Located().Match(problem);
                Assert.True(m.Success, problem);
                Assert.DoesNotContain("internal error", problem);
                if (m.Groups[1].Success)
                {
                    var line = int.Parse(m.Groups[1].Value);
                    Assert.InRange(line, 1, Lines(bytes));
                    Assert.True(int.Parse(m.Groups[2].Value) >= 1, problem);
                }
            }
            foreach (var o in entries.Select(e => e.Object).OfType<ManifestObject>())
                Assert.InRange(o.Location.Line, 1, Lines(bytes));
        }, iter: Mutations.Iterations(3000), print: b => Encoding.UTF8.GetString(b));
    }

    [Fact]
    public void The_documents_after_a_broken_one_are_still_read()
    {
        var good = string.Concat(Enumerable.Range(0, 3).Select(i => $"---\napiVersion: v1\nkind: ConfigMap\nmetadata: {{name: after{i}}}\n"));
        Mutated.Sample(bytes =>
        {
            var text = Encoding.UTF8.GetBytes("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: before}\n---\n").Concat(bytes).Concat(Encoding.UTF8.GetBytes("\n" + good)).ToArray();
            var entries = ManifestReader.ReadStream("in.yaml", new MemoryStream(text)).ToList();
            Assert.Equal("before", entries[0].Object?.Name);
            Assert.Equal(["after0", "after1", "after2"], entries.TakeLast(3).Select(e => e.Object?.Name));
        }, iter: Mutations.Iterations(2000), print: b => Encoding.UTF8.GetString(b));
    }

    [Fact]
    public void Any_text_reads_without_an_exception_under_every_rule()
    {
        var text = Gen.OneOf(Gen.Char[" -:?,[]{}#&*!|>'\"%@`\\\t\n\r.~<="], Gen.Char['a', 'e'], Gen.Char['0', '2'], Gen.Char["\u0085\u2028\uFEFF\u0001\u00e9"])
            .Array[0, 60].Select(chars => new string(chars));
        text.Sample(t =>
        {
            foreach (var rules in new[] { YamlRules.Manifests, YamlRules.Strict, YamlRules.Values })
                foreach (var document in YamlReader.ReadText(t, "t.yaml", rules))
                {
                    Assert.Equal(document.IsReadable, document.Root is not null || document.Problems.Count == 0);
                    foreach (var problem in document.Problems)
                    {
                        Assert.True(problem.Mark.Line >= 1 && problem.Mark.Column >= 1, problem.ToString());
                        Assert.DoesNotContain("internal error", problem.Message);
                    }
                    _ = document.Root?.ToPlain();
                }
        }, iter: 20000, print: t => t);
    }
}
