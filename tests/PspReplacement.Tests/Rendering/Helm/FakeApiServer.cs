using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PspReplacement.Tests.Rendering.Helm;

/// <summary>
/// Just enough of a kube-apiserver on 127.0.0.1 for the real helm to install a chart of Namespaces: version and
/// discovery, the OpenAPI documents kubectl's client-side validation downloads (v3 index and an empty v2 document in
/// protobuf, the only encoding client-go accepts for v2), Namespaces (get, create, server-side apply) and the
/// release Secrets helm's storage writes (accepted and echoed back in the protobuf they were sent in; a fresh install
/// only lists them). Every request is recorded so a test can assert what helm asked for.
/// </summary>
public sealed partial class FakeApiServer : IDisposable
{
    public sealed record Request(string Method, string Path, string Query, string ContentType, string Body);

    private readonly HttpListener listener = new();
    private readonly Dictionary<string, JsonObject> namespaces = new(StringComparer.Ordinal);
    private readonly List<Request> requests = [];
    private readonly Lock gate = new();
    private readonly Task loop;

    public string Url { get; }

    public FakeApiServer(IEnumerable<JsonObject> existingNamespaces)
    {
        foreach (var ns in existingNamespaces)
            namespaces[(string)ns["metadata"]!["name"]!] = ns;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.0.0.1:{port}";
        listener.Prefixes.Add(Url + "/");
        listener.Start();
        loop = Task.Run(Serve);
    }

    /// <summary>An existing namespace as the apiserver holds it when nobody has labelled it: only the name label.</summary>
    public static JsonObject Unlabelled(string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Namespace",
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["uid"] = Guid.NewGuid().ToString(),
            ["resourceVersion"] = "1",
            ["labels"] = new JsonObject { ["kubernetes.io/metadata.name"] = name },
        },
    };

    public IReadOnlyList<Request> Requests { get { lock (gate) return requests.ToList(); } }

    public JsonObject? Namespace(string name) { lock (gate) return namespaces.GetValueOrDefault(name)?.DeepClone().AsObject(); }

    /// <summary>A kubeconfig whose context <paramref name="context"/> points at this server.</summary>
    public string Kubeconfig(string context) => $$$"""
        apiVersion: v1
        kind: Config
        clusters: [{name: fake, cluster: {server: "{{{Url}}}"}}]
        users: [{name: fake, user: {token: fake}}]
        contexts: [{name: {{{context}}}, context: {cluster: fake, user: fake}}]
        current-context: {{{context}}}
        """;

    private async Task Serve()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            try { Handle(context); }
            catch (Exception e) { Send(context.Response, 500, Status(500, "InternalError", e.Message)); }
        }
    }

    private void Handle(HttpListenerContext context)
    {
        var http = context.Request;
        var path = http.Url!.AbsolutePath;
        var query = http.Url.Query.TrimStart('?');
        byte[] body;
        using (var buffer = new MemoryStream()) { http.InputStream.CopyTo(buffer); body = buffer.ToArray(); }
        var contentType = http.ContentType ?? "";
        lock (gate)
            requests.Add(new Request(http.HttpMethod, path, query, contentType, contentType.Contains("protobuf", StringComparison.Ordinal) ? "" : Encoding.UTF8.GetString(body)));
        var response = context.Response;

        switch (path)
        {
            case "/version":
                Send(response, 200, new JsonObject { ["major"] = "1", ["minor"] = "35", ["gitVersion"] = "v1.35.0" });
                return;
            case "/api":
                Send(response, 200, JsonNode.Parse("""{"kind":"APIVersions","versions":["v1"],"serverAddressByClientCIDRs":[{"clientCIDR":"0.0.0.0/0","serverAddress":"127.0.0.1"}]}""")!);
                return;
            case "/apis":
                Send(response, 200, JsonNode.Parse("""{"kind":"APIGroupList","apiVersion":"v1","groups":[]}""")!);
                return;
            case "/api/v1":
                Send(response, 200, JsonNode.Parse("""
                    {"kind":"APIResourceList","groupVersion":"v1","resources":[
                      {"name":"namespaces","singularName":"namespace","namespaced":false,"kind":"Namespace","verbs":["create","delete","get","list","patch","update","watch"]},
                      {"name":"secrets","singularName":"secret","namespaced":true,"kind":"Secret","verbs":["create","delete","get","list","patch","update","watch"]}]}
                    """)!);
                return;
            case "/openapi/v3":
                Send(response, 200, JsonNode.Parse("""{"paths":{"api/v1":{"serverRelativeURL":"/openapi/v3/api/v1?hash=0"}}}""")!);
                return;
            case "/openapi/v3/api/v1":
                Send(response, 200, JsonNode.Parse("""{"openapi":"3.0.0","info":{"title":"Kubernetes","version":"v1.35.0"},"paths":{},"components":{"schemas":{}}}""")!);
                return;
            case "/openapi/v2":
                // An OpenAPI v2 Document in protobuf with only field 1 (swagger) = "2.0": no definitions, so client-side
                // validation finds no schema and leaves every object to the server.
                SendRaw(response, 200, "application/com.github.proto-openapi.spec.v2.v1.0+protobuf", [0x0a, 0x03, (byte)'2', (byte)'.', (byte)'0']);
                return;
        }

        if (SecretsPath().Match(path) is { Success: true } secrets)
        {
            if (http.HttpMethod == "GET" && !secrets.Groups[2].Success)
                Send(response, 200, JsonNode.Parse("""{"kind":"SecretList","apiVersion":"v1","metadata":{"resourceVersion":"1"},"items":[]}""")!);
            else if (http.HttpMethod is "POST" or "PUT")
                SendRaw(response, http.HttpMethod == "POST" ? 201 : 200, contentType, body);
            else
                Send(response, 404, Status(404, "NotFound", $"secrets \"{secrets.Groups[2].Value}\" not found"));
            return;
        }

        if (NamespacePath().Match(path) is { Success: true } ns)
        {
            var name = ns.Groups[1].Success ? ns.Groups[1].Value : null;
            lock (gate)
            {
                switch (http.HttpMethod)
                {
                    case "GET" when name is not null && namespaces.TryGetValue(name, out var existing):
                        Send(response, 200, existing);
                        return;
                    case "POST" when name is null:
                        var created = JsonNode.Parse(body)!.AsObject();
                        var createdName = (string)created["metadata"]!["name"]!;
                        if (namespaces.ContainsKey(createdName)) { Send(response, 409, Status(409, "AlreadyExists", $"namespaces \"{createdName}\" already exists")); return; }
                        namespaces[createdName] = created;
                        Send(response, 201, created);
                        return;
                    case "PATCH" when name is not null && contentType.StartsWith("application/apply-patch", StringComparison.Ordinal):
                        // Server-side apply of metadata, the only part of a Namespace these charts set: the applied
                        // labels and annotations are merged into the stored object (or make a new one).
                        var applied = JsonNode.Parse(body)!.AsObject();
                        if (!namespaces.TryGetValue(name, out var target))
                            namespaces[name] = target = Unlabelled(name);
                        var metadata = target["metadata"]!.AsObject();
                        foreach (var field in new[] { "labels", "annotations" })
                            if (applied["metadata"]?[field] is JsonObject values)
                            {
                                var into = metadata[field] as JsonObject ?? (JsonObject)(metadata[field] = new JsonObject());
                                foreach (var (key, value) in values)
                                    into[key] = value?.DeepClone();
                            }
                        Send(response, 200, target);
                        return;
                }
            }
            Send(response, 404, Status(404, "NotFound", $"namespaces \"{name}\" not found"));
            return;
        }

        Send(response, 404, Status(404, "NotFound", "the server could not find the requested resource"));
    }

    private static JsonObject Status(int code, string reason, string message) => new()
    {
        ["kind"] = "Status", ["apiVersion"] = "v1", ["status"] = "Failure", ["reason"] = reason, ["code"] = code, ["message"] = message,
    };

    private static void Send(HttpListenerResponse response, int code, JsonNode body) =>
        SendRaw(response, code, "application/json", Encoding.UTF8.GetBytes(body.ToJsonString()));

    private static void SendRaw(HttpListenerResponse response, int code, string contentType, byte[] body)
    {
        response.StatusCode = code;
        response.ContentType = contentType;
        response.ContentLength64 = body.Length;
        response.OutputStream.Write(body);
        response.Close();
    }

    [GeneratedRegex("^/api/v1/namespaces/([^/]+)/secrets(?:/([^/]+))?$")]
    private static partial Regex SecretsPath();

    [GeneratedRegex("^/api/v1/namespaces(?:/([^/]+))?$")]
    private static partial Regex NamespacePath();

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        try { loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
    }
}
