using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Ivyo.LocalCluster.Patching;
using Ivyo.LocalCluster.Registry.Catalog;
using k8s;
using k8s.Models;

namespace Ivyo.LocalCluster.ApiServer.Tests;

/// <summary>
/// Server-side apply as kubectl 1.32's <c>apply --server-side</c> sends it: on every served built-in resource, and
/// creating cluster-scoped objects where everything else finds them (a Namespace applied at
/// <c>/api/v1/namespaces/{name}</c> is a namespace namespaced objects can be created in).
/// </summary>
public sealed class ServerSideApplyTests : IClassFixture<TestServer>
{
    private const string ApplyPatch = "application/apply-patch+yaml";
    private readonly TestServer _server;

    public ServerSideApplyTests(TestServer server) => _server = server;

    private static string Suffix() => Guid.NewGuid().ToString("N")[..8];

    private async Task<(HttpStatusCode Status, JsonObject? Body, string Text)> SendAsync(HttpMethod method, string path, string? body = null, string contentType = ApplyPatch)
    {
        using var request = new HttpRequestMessage(method, new Uri(_server.Server.Url, path));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        using var response = await _server.Client.HttpClient.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.StartsWith('{') ? JsonNode.Parse(text)!.AsObject() : null, text);
    }

    private Task<(HttpStatusCode Status, JsonObject? Body, string Text)> ApplyAsync(string path, JsonObject body, string manager = "ssa-test") =>
        SendAsync(HttpMethod.Patch, path + $"?fieldManager={manager}&fieldValidation=Strict", body.ToJsonString());

    private static string ResourceVersion(JsonObject? obj) => (string?)obj?["metadata"]?["resourceVersion"] ?? "";

    [Fact]
    public async Task An_applied_namespace_is_one_namespaced_objects_can_be_created_in()
    {
        var ns = "ssa-ns-" + Suffix();
        var applied = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Namespace",
            ["metadata"] = new JsonObject { ["name"] = ns, ["labels"] = new JsonObject { ["app"] = "ssa" } },
        };

        var created = await ApplyAsync($"/api/v1/namespaces/{ns}", applied);
        Assert.True(created.Status == HttpStatusCode.Created, created.Text);
        Assert.Null(created.Body!["metadata"]!["namespace"]);

        // Found by get, once by list, and usable by namespaced objects at once (kubectl apply -k's next request).
        var read = await _server.Client.CoreV1.ReadNamespaceAsync(ns);
        Assert.Equal(ResourceVersion(created.Body), read.Metadata.ResourceVersion);
        Assert.Single((await _server.Client.CoreV1.ListNamespaceAsync()).Items, n => n.Metadata.Name == ns);
        var configMap = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = new JsonObject { ["name"] = "settings", ["namespace"] = ns } };
        var cm = await ApplyAsync($"/api/v1/namespaces/{ns}/configmaps/settings", configMap);
        Assert.True(cm.Status == HttpStatusCode.Created, cm.Text);
        await _server.Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "created" } }, ns);

        // Re-applying changes nothing; a strategic merge patch and an update find the same object.
        var again = await ApplyAsync($"/api/v1/namespaces/{ns}", applied);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(ResourceVersion(created.Body), ResourceVersion(again.Body));
        var patched = await _server.Client.CoreV1.PatchNamespaceAsync(
            new V1Patch("""{"metadata":{"labels":{"patched":"yes"}}}""", V1Patch.PatchType.StrategicMergePatch), ns);
        Assert.Equal("yes", patched.Metadata.Labels["patched"]);
        patched.Metadata.Labels["updated"] = "yes";
        var updated = await _server.Client.CoreV1.ReplaceNamespaceAsync(patched, ns);
        Assert.Equal("yes", updated.Metadata.Labels["updated"]);
        Assert.Single((await _server.Client.CoreV1.ListNamespaceAsync()).Items, n => n.Metadata.Name == ns);
    }

    [Fact]
    public async Task An_applied_crd_serves_its_custom_resources()
    {
        var group = $"ssa{Suffix()}.example.com";
        var crd = Sample("customresourcedefinitions", $"widgets.{group}", "");
        crd["spec"]!["group"] = group;

        var created = await ApplyAsync($"/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.{group}", crd);
        Assert.True(created.Status == HttpStatusCode.Created, created.Text);
        var ns = "ssa-crd-" + Suffix();
        await _server.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        var widget = JsonNode.Parse($$$"""{"apiVersion":"{{{group}}}/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"size":1}}""")!.AsObject();
        var applied = await ApplyAsync($"/apis/{group}/v1/namespaces/{ns}/widgets/w", widget);
        Assert.True(applied.Status == HttpStatusCode.Created, applied.Text);
        Assert.Equal(1, (int)applied.Body!["spec"]!["size"]!);
    }

    [Fact]
    public async Task Applying_to_the_status_of_a_missing_object_is_404_and_creates_nothing()
    {
        var ns = "ssa-missing-" + Suffix();
        var applied = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = ns } };
        var status = await ApplyAsync($"/api/v1/namespaces/{ns}/status", applied);
        Assert.Equal(HttpStatusCode.NotFound, status.Status);
        Assert.DoesNotContain((await _server.Client.CoreV1.ListNamespaceAsync()).Items, n => n.Metadata.Name == ns);
    }

    [Fact]
    public async Task Every_served_built_in_resource_supports_server_side_apply_and_strategic_merge_patch()
    {
        var suffix = Suffix();
        var ns = "ssa-all-" + suffix;
        await _server.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        var patchable = ResourceCatalog.CreateBuiltIn().All.Where(t => t.Verbs.Contains("patch")).ToList();
        Assert.Equal(
            Samples.Keys.Order(StringComparer.Ordinal),
            patchable.Select(t => t.Group.Length == 0 ? t.Resource : t.Resource + "." + t.Group).Order(StringComparer.Ordinal));

        var failures = new List<string>();
        foreach (var type in patchable)
        {
            Assert.True(BuiltInPatchMeta.TryGet(type.ApiVersion, type.Kind, out _), $"{type.Kind} has no patch metadata");
            var name = type.Resource == "customresourcedefinitions" ? $"widgets.all{suffix}.example.com" : $"ssa-{type.Resource}-{suffix}";
            var body = Sample(type.Group.Length == 0 ? type.Resource : type.Resource + "." + type.Group, name, ns);
            if (type.Resource == "customresourcedefinitions")
            {
                body["spec"]!["group"] = $"all{suffix}.example.com";
            }

            var prefix = type.Group.Length == 0 ? "/api/v1" : $"/apis/{type.Group}/{type.Version}";
            var path = type.Namespaced ? $"{prefix}/namespaces/{ns}/{type.Resource}/{name}" : $"{prefix}/{type.Resource}/{name}";

            var created = await ApplyAsync(path, body);
            if (created.Status != HttpStatusCode.Created)
            {
                failures.Add($"{type.Kind}: apply-create {(int)created.Status} {created.Text}");
                continue;
            }

            var read = await SendAsync(HttpMethod.Get, path);
            var again = await ApplyAsync(path, body);
            var entries = created.Body!["metadata"]?["managedFields"]?.AsArray() ?? [];
            var smp = await SendAsync(HttpMethod.Patch, path, """{"metadata":{"labels":{"patched":"yes"}}}""", PatchContentTypes.StrategicMergePatch);
            var problems = new List<string>();
            if (read.Status != HttpStatusCode.OK || ResourceVersion(read.Body) != ResourceVersion(created.Body))
            {
                problems.Add($"get {(int)read.Status} {read.Text}");
            }

            if (again.Status != HttpStatusCode.OK || ResourceVersion(again.Body) != ResourceVersion(created.Body))
            {
                problems.Add($"re-apply {(int)again.Status} (resourceVersion {ResourceVersion(created.Body)} -> {ResourceVersion(again.Body)}) {again.Text}");
            }

            if (!entries.Any(e => (string?)e!["manager"] == "ssa-test" && (string?)e["operation"] == "Apply"))
            {
                problems.Add($"no Apply entry in managedFields: {entries.ToJsonString()}");
            }

            if (smp.Status != HttpStatusCode.OK || (string?)smp.Body?["metadata"]?["labels"]?["patched"] != "yes")
            {
                problems.Add($"strategic merge patch {(int)smp.Status} {smp.Text}");
            }

            failures.AddRange(problems.Select(p => $"{type.Kind}: {p}"));
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static readonly string Containers = """[{"name":"c","image":"busybox"}]""";

    private static readonly string Template = """{"metadata":{"labels":{"app":"ssa"}},"spec":{"containers":""" + Containers + "}}";

    /// <summary>A minimal valid object of each served built-in resource with the patch verb (resource.group).</summary>
    private static readonly Dictionary<string, string> Samples = new(StringComparer.Ordinal)
    {
        ["configmaps"] = """{"data":{"a":"1"}}""",
        ["endpoints"] = """{"subsets":[{"addresses":[{"ip":"10.0.0.1"}],"ports":[{"port":80}]}]}""",
        ["events"] = """{"involvedObject":{"kind":"Pod","name":"p","namespace":"NS"},"reason":"Test","message":"m","type":"Normal"}""",
        ["limitranges"] = """{"spec":{"limits":[{"type":"Container","default":{"cpu":"100m"}}]}}""",
        ["namespaces"] = "{}",
        ["nodes"] = """{"spec":{"podCIDRs":["10.244.9.0/24"]}}""",
        ["persistentvolumeclaims"] = """{"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}""",
        ["persistentvolumes"] = """{"spec":{"capacity":{"storage":"1Gi"},"accessModes":["ReadWriteOnce"],"hostPath":{"path":"/tmp/ssa"}}}""",
        ["pods"] = """{"spec":{"containers":""" + Containers + "}}",
        ["podtemplates"] = """{"template":""" + Template + "}",
        ["replicationcontrollers"] = """{"spec":{"replicas":1,"selector":{"app":"ssa"},"template":""" + Template + "}}",
        ["resourcequotas"] = """{"spec":{"hard":{"pods":"10"}}}""",
        ["secrets"] = """{"data":{"a":"YQ=="}}""",
        ["serviceaccounts"] = "{}",
        ["services"] = """{"spec":{"ports":[{"port":80}],"selector":{"app":"ssa"}}}""",
        ["controllerrevisions.apps"] = """{"revision":1}""",
        ["daemonsets.apps"] = """{"spec":{"selector":{"matchLabels":{"app":"ssa"}},"template":""" + Template + "}}",
        ["deployments.apps"] = """{"spec":{"selector":{"matchLabels":{"app":"ssa"}},"template":""" + Template + "}}",
        ["replicasets.apps"] = """{"spec":{"selector":{"matchLabels":{"app":"ssa"}},"template":""" + Template + "}}",
        ["statefulsets.apps"] = """{"spec":{"serviceName":"s","selector":{"matchLabels":{"app":"ssa"}},"template":""" + Template + "}}",
        ["cronjobs.batch"] = """{"spec":{"schedule":"*/5 * * * *","jobTemplate":{"spec":{"template":{"spec":{"restartPolicy":"Never","containers":""" + Containers + "}}}}}}",
        ["jobs.batch"] = """{"spec":{"template":{"spec":{"restartPolicy":"Never","containers":""" + Containers + "}}}}",
        ["poddisruptionbudgets.policy"] = """{"spec":{"minAvailable":1,"selector":{"matchLabels":{"app":"ssa"}}}}""",
        ["clusterrolebindings.rbac.authorization.k8s.io"] =
            """{"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"view"},"subjects":[{"kind":"User","apiGroup":"rbac.authorization.k8s.io","name":"u"}]}""",
        ["clusterroles.rbac.authorization.k8s.io"] = """{"rules":[{"apiGroups":[""],"resources":["pods"],"verbs":["get"]}]}""",
        ["rolebindings.rbac.authorization.k8s.io"] =
            """{"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"view"},"subjects":[{"kind":"User","apiGroup":"rbac.authorization.k8s.io","name":"u"}]}""",
        ["roles.rbac.authorization.k8s.io"] = """{"rules":[{"apiGroups":[""],"resources":["pods"],"verbs":["get"]}]}""",
        ["leases.coordination.k8s.io"] = """{"spec":{"holderIdentity":"h","leaseDurationSeconds":10}}""",
        ["endpointslices.discovery.k8s.io"] = """{"addressType":"IPv4","endpoints":[{"addresses":["10.0.0.1"]}],"ports":[{"port":80}]}""",
        ["events.events.k8s.io"] =
            """{"eventTime":"2024-05-01T10:00:00.000000Z","reportingController":"ssa-test","reportingInstance":"i","action":"Test","reason":"Test","type":"Normal","regarding":{"kind":"Pod","name":"p","namespace":"NS"}}""",
        ["storageclasses.storage.k8s.io"] = """{"provisioner":"example.com/ssa","mountOptions":["ro"]}""",
        ["customresourcedefinitions.apiextensions.k8s.io"] =
            """{"spec":{"group":"GROUP","scope":"Namespaced","names":{"plural":"widgets","singular":"widget","kind":"Widget","listKind":"WidgetList"},"versions":[{"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object","properties":{"spec":{"type":"object","properties":{"size":{"type":"integer"}}}}}}}]}}""",
    };

    private static JsonObject Sample(string resource, string name, string ns)
    {
        var key = Samples.ContainsKey(resource) ? resource : resource + ".apiextensions.k8s.io";
        var type = ResourceCatalog.CreateBuiltIn().All.Single(t => (t.Group.Length == 0 ? t.Resource : t.Resource + "." + t.Group) == key);
        var body = JsonNode.Parse(Samples[key].Replace("\"NS\"", $"\"{ns}\"", StringComparison.Ordinal))!.AsObject();
        // A label, so that every apply owns a field (an apply of nothing but the name records no manager, as Kubernetes).
        var metadata = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["sample"] = "yes" } };
        if (type.Namespaced)
        {
            metadata["namespace"] = ns;
        }

        var result = new JsonObject { ["apiVersion"] = type.ApiVersion, ["kind"] = type.Kind, ["metadata"] = metadata };
        foreach (var (field, value) in body)
        {
            result[field] = value?.DeepClone();
        }

        return result;
    }
}
