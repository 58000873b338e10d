using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Ivyo.LocalCluster.ApiServer.Tests.Patroni;

/// <summary>
/// Replays Patroni 3.0.2's Kubernetes DCS requests (patroni/dcs/kubernetes.py, Endpoints mode: <c>use_endpoints: true</c>,
/// <c>labels: {application: patroni}</c>, scope <c>batman</c>, <c>ports: [{name: postgresql, port: 5432}]</c>) byte for
/// byte as its urllib3 client sends them, and checks the answers Patroni relies on. Line numbers refer to the
/// Debian bookworm package's kubernetes.py.
/// </summary>
public sealed class PatroniKubernetesDcsTests(TestServer server) : IClassFixture<TestServer>
{
    private const string Scope = "batman";
    private const string Labels = """{"application": "patroni", "cluster-name": "batman"}""";
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(10);

    private static string Now() => DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<string> NamespaceAsync()
    {
        var ns = "patroni-" + Guid.NewGuid().ToString("N")[..8];
        await server.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        return ns;
    }

    /// <summary>A Patroni pod as a StatefulSet would create it, with the cluster's labels.</summary>
    private async Task<V1Pod> PodAsync(string ns, string name, string scope = Scope) =>
        await server.Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                Labels = new Dictionary<string, string> { ["application"] = "patroni", ["cluster-name"] = scope },
            },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "postgres", Image = "postgres:15" }] },
        }, ns);

    /// <summary><c>_patch_or_create</c> (l.1024-1045): <c>V1ObjectMeta(namespace, name, labels, annotations[, resource_version])</c>.</summary>
    private static string Metadata(string ns, string name, string annotations, string? resourceVersion = null, string labels = Labels) =>
        $$"""{"namespace": "{{ns}}", "name": "{{name}}", "labels": {{labels}}, "annotations": {{annotations}}{{(resourceVersion is null ? "" : $", \"resourceVersion\": \"{resourceVersion}\"")}}}""";

    private static string LeaderAnnotations(string leader, string renewTime, string acquireTime, string extra = "") =>
        $$"""{"leader": "{{leader}}", "ttl": "30", "renewTime": "{{renewTime}}", "acquireTime": "{{acquireTime}}", "transitions": "0"{{extra}}}""";

    /// <summary><c>_map_subsets</c> (l.1006-1022): one address with the pod's hostname, nodeName and targetRef, and the configured ports.</summary>
    private static string Subsets(string ip, V1Pod pod) =>
        $$$"""[{"addresses": [{"ip": "{{{ip}}}", "hostname": null, "nodeName": null, "targetRef": {"kind": "Pod", "uid": "{{{pod.Metadata.Uid}}}", "namespace": "{{{pod.Metadata.NamespaceProperty}}}", "name": "{{{pod.Metadata.Name}}}", "resourceVersion": "{{{pod.Metadata.ResourceVersion}}}"}}], "ports": [{"port": 5432, "name": "postgresql"}]}]""";

    private static string Endpoints(string ns) => $"/api/v1/namespaces/{ns}/endpoints";

    private static void AssertStatus(PatroniResponse response, int code, string reason)
    {
        Assert.Equal(code, response.Status);
        Assert.Equal("Status", (string?)response.Body["kind"]);
        Assert.Equal(code, (int?)response.Body["code"]);
        Assert.Equal(reason, (string?)response.Body["reason"]);
    }

    /// <summary>
    /// <c>ObjectCache._list</c>/<c>_watch</c>/<c>_do_watch</c> (l.569-579, 641-655) with the partials from
    /// <c>Kubernetes.__init__</c> (l.747-752): list with <c>labelSelector</c>, then watch from the list's
    /// resourceVersion with <c>watch=True</c> (Python's str(True)) and no timeoutSeconds or allowWatchBookmarks;
    /// events are read with <c>read_chunked</c> and must carry <c>kind</c> (<c>obj.get('kind') != 'Pod'</c>, l.620).
    /// </summary>
    [Fact]
    public async Task Lists_then_watches_pods_and_endpoints_with_the_label_selector()
    {
        var ns = await NamespaceAsync();
        using var patroni = new PatroniHttp(server.Server);
        await PodAsync(ns, "batman-0");
        await PodAsync(ns, "other-0", "other");

        var pods = await patroni.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/pods?{PatroniHttp.LabelSelector(Scope)}");
        Assert.Equal(200, pods.Status);
        Assert.Equal("application/json", pods.ContentType);
        Assert.Equal("PodList", (string?)pods.Body["kind"]);
        Assert.Equal(["batman-0"], pods.Body["items"]!.AsArray().Select(i => (string?)i!["metadata"]!["name"]));
        var kinds = await patroni.SendAsync(HttpMethod.Get, $"{Endpoints(ns)}?{PatroniHttp.LabelSelector(Scope)}");
        Assert.Equal(200, kinds.Status);
        Assert.Empty(kinds.Body["items"]!.AsArray());

        using var podWatch = await patroni.WatchAsync($"/api/v1/namespaces/{ns}/pods?{PatroniHttp.LabelSelector(Scope)}&watch=True&resourceVersion={pods.ResourceVersion}");
        using var kindWatch = await patroni.WatchAsync($"{Endpoints(ns)}?{PatroniHttp.LabelSelector(Scope)}&watch=True&resourceVersion={kinds.ResourceVersion}");
        foreach (var watch in new[] { podWatch, kindWatch })
        {
            Assert.Equal(200, (int)watch.Response.StatusCode);
            Assert.True(watch.Response.Headers.TransferEncodingChunked, "urllib3's read_chunked needs Transfer-Encoding: chunked");
            Assert.Equal("application/json", watch.Response.Content.Headers.ContentType?.MediaType);
        }

        // touch_member (l.1229-1233) and attempt_to_acquire_leader (l.1182-1183), after another cluster's leader.
        var status = """{\"conn_url\":\"postgres://10.0.0.5:5432/postgres\",\"api_url\":\"http://10.0.0.5:8008/patroni\",\"state\":\"running\",\"role\":\"master\",\"version\":\"3.0.2\",\"xlog_location\":50331968,\"timeline\":1}""";
        var touched = await patroni.SendAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/pods/batman-0",
            $$$$"""{"metadata": {"namespace": "{{{{ns}}}}", "name": "batman-0", "labels": {"role": "master"}, "annotations": {"status": "{{{{status}}}}"}}}""",
            PatroniHttp.StrategicMergePatch);
        Assert.Equal(200, touched.Status);
        var now = Now();
        var other = await patroni.SendAsync(HttpMethod.Post, Endpoints(ns),
            $$"""{"metadata": {{Metadata(ns, "other", LeaderAnnotations("other-0", now, now), labels: """{"application": "patroni", "cluster-name": "other"}""")}}}""");
        Assert.Equal(201, other.Status);
        var leader = await patroni.SendAsync(HttpMethod.Post, Endpoints(ns), $$"""{"metadata": {{Metadata(ns, Scope, LeaderAnnotations("batman-0", now, now))}}}""");
        Assert.Equal(201, leader.Status);

        var podEvent = await podWatch.NextAsync(EventTimeout);
        Assert.Equal("MODIFIED", (string?)podEvent["type"]);
        Assert.Equal("Pod", (string?)podEvent["object"]!["kind"]);
        Assert.Equal(touched.ResourceVersion, (string?)podEvent["object"]!["metadata"]!["resourceVersion"]);
        Assert.Equal("master", (string?)podEvent["object"]!["metadata"]!["labels"]!["role"]);
        Assert.Equal(JsonNode.Parse($"\"{status}\"")!.GetValue<string>(), (string?)podEvent["object"]!["metadata"]!["annotations"]!["status"]);

        var kindEvent = await kindWatch.NextAsync(EventTimeout);
        Assert.Equal("ADDED", (string?)kindEvent["type"]);
        Assert.Equal("Endpoints", (string?)kindEvent["object"]!["kind"]);
        Assert.Equal(Scope, (string?)kindEvent["object"]!["metadata"]!["name"]);
        Assert.Equal(leader.ResourceVersion, (string?)kindEvent["object"]!["metadata"]!["resourceVersion"]);
        Assert.Equal("batman-0", (string?)kindEvent["object"]!["metadata"]!["annotations"]!["leader"]);
    }

    /// <summary>
    /// <c>initialize</c> (l.1239-1242) → <c>patch_or_create_config</c> (l.1060-1065) → <c>_create_config_service</c>
    /// (l.1067-1077, a headless Service, 409 tolerated) and a POST of <c>batman-config</c>; then
    /// <c>set_config_value</c> (l.1211-1212, PATCH with the config resourceVersion), <c>set_history_value</c>
    /// (l.1263-1264, PATCH without one) and <c>cancel_initialization</c> (l.1256-1257, <c>initialize: null</c>).
    /// POST bodies have no kind/apiVersion and go without a Content-Type.
    /// </summary>
    [Fact]
    public async Task Initializes_the_cluster_with_a_config_service_and_config_endpoints()
    {
        var ns = await NamespaceAsync();
        using var patroni = new PatroniHttp(server.Server);
        var serviceBody = $$$"""{"metadata": {"namespace": "{{{ns}}}", "name": "batman-config", "labels": {{{Labels}}}}, "spec": {"clusterIP": "None"}}""";
        var service = await patroni.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/services", serviceBody);
        Assert.Equal(201, service.Status);
        Assert.Equal("Service", (string?)service.Body["kind"]);
        Assert.Equal("v1", (string?)service.Body["apiVersion"]);
        Assert.Equal("None", (string?)service.Body["spec"]!["clusterIP"]);
        AssertStatus(await patroni.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/services", serviceBody), 409, "AlreadyExists");

        var initialize = $$"""{"metadata": {{Metadata(ns, "batman-config", """{"initialize": "7213456789012345678"}""")}}}""";
        var created = await patroni.SendAsync(HttpMethod.Post, Endpoints(ns), initialize);
        Assert.Equal(201, created.Status);
        Assert.Equal("Endpoints", (string?)created.Body["kind"]);
        Assert.Equal("v1", (string?)created.Body["apiVersion"]);
        Assert.Equal("7213456789012345678", (string?)created.Annotations["initialize"]);
        Assert.Equal("batman", (string?)created.Metadata["labels"]!["cluster-name"]);

        // A second member racing for initialization loses with 409 (_run_and_handle_exceptions, l.761-771).
        AssertStatus(await patroni.SendAsync(HttpMethod.Post, Endpoints(ns), initialize), 409, "AlreadyExists");

        var config = """{\"ttl\":30,\"loop_wait\":10,\"retry_timeout\":10,\"postgresql\":{\"use_pg_rewind\":true}}""";
        var configured = await patroni.SendAsync(HttpMethod.Patch, $"{Endpoints(ns)}/batman-config",
            $$"""{"metadata": {{Metadata(ns, "batman-config", $$"""{"config": "{{config}}"}""", created.ResourceVersion)}}}""", PatroniHttp.StrategicMergePatch);
        Assert.Equal(200, configured.Status);
        Assert.NotEqual(created.ResourceVersion, configured.ResourceVersion);
        Assert.Equal("7213456789012345678", (string?)configured.Annotations["initialize"]);
        Assert.Equal(JsonNode.Parse($"\"{config}\"")!.GetValue<string>(), (string?)configured.Annotations["config"]);

        var history = await patroni.SendAsync(HttpMethod.Patch, $"{Endpoints(ns)}/batman-config",
            $$"""{"metadata": {{Metadata(ns, "batman-config", """{"history": "[[1,50331808,\"no recovery target specified\",\"2024-01-01T00:00:00+00:00\"]]"}""")}}}""",
            PatroniHttp.StrategicMergePatch);
        Assert.Equal(200, history.Status);
        Assert.NotEqual(configured.ResourceVersion, history.ResourceVersion);
        Assert.Equal(3, history.Annotations.Count);

        var cancelled = await patroni.SendAsync(HttpMethod.Patch, $"{Endpoints(ns)}/batman-config",
            $$"""{"metadata": {{Metadata(ns, "batman-config", """{"initialize": null}""")}}}""", PatroniHttp.StrategicMergePatch);
        Assert.Equal(200, cancelled.Status);
        Assert.False(cancelled.Annotations.ContainsKey("initialize"));
        Assert.True(cancelled.Annotations.ContainsKey("config"));
        Assert.True(cancelled.Annotations.ContainsKey("history"));
    }

    /// <summary>
    /// The leader lock: <c>attempt_to_acquire_leader</c> (l.1161-1192) POSTs the leader Endpoints (no subsets: ips=[]);
    /// <c>update_leader</c> (l.1139-1159) PATCHes it with its resourceVersion as optimistic lock, <c>slots: null</c>
    /// and the subsets of <c>_map_subsets</c>; a stale resourceVersion gets 409 Conflict and
    /// <c>_update_leader_with_retry</c> (l.1091-1137) re-reads with a GET and patches again; <c>delete_leader</c>
    /// (l.1247-1254) drops the leader annotation with <c>null</c> and empties the subsets.
    /// </summary>
    [Fact]
    public async Task Takes_updates_and_releases_the_leader_lock_with_resource_version_as_optimistic_lock()
    {
        var ns = await NamespaceAsync();
        using var patroni = new PatroniHttp(server.Server);
        var pod = await PodAsync(ns, "batman-0");
        var leaderPath = $"{Endpoints(ns)}/{Scope}";

        var acquired = Now();
        var taken = await patroni.SendAsync(HttpMethod.Post, Endpoints(ns), $$"""{"metadata": {{Metadata(ns, Scope, LeaderAnnotations("batman-0", acquired, acquired))}}}""");
        Assert.Equal(201, taken.Status);
        Assert.Null(taken.Body["subsets"]);
        var now = Now();
        AssertStatus(await patroni.SendAsync(HttpMethod.Post, Endpoints(ns), $$"""{"metadata": {{Metadata(ns, Scope, LeaderAnnotations("batman-1", now, now))}}}"""),
            409, "AlreadyExists");

        // update_leader: last_lsn set and no slots, so "slots": null.
        var renewed = Now();
        var updated = await patroni.SendAsync(HttpMethod.Patch, leaderPath,
            $$"""{"metadata": {{Metadata(ns, Scope, LeaderAnnotations("batman-0", renewed, acquired, """, "optime": "50331968", "slots": null"""), taken.ResourceVersion)}}, "subsets": {{Subsets("10.0.0.5", pod)}}}""",
            PatroniHttp.StrategicMergePatch);
        Assert.Equal(200, updated.Status);
        Assert.NotEqual(taken.ResourceVersion, updated.ResourceVersion);
        Assert.Equal(renewed, (string?)updated.Annotations["renewTime"]);
        Assert.Equal("50331968", (string?)updated.Annotations["optime"]);
        Assert.False(updated.Annotations.ContainsKey("slots"));
        var address = updated.Body["subsets"]!.AsArray().Single()!["addresses"]!.AsArray().Single()!;
        Assert.Equal("10.0.0.5", (string?)address["ip"]);
        Assert.Equal("batman-0", (string?)address["targetRef"]!["name"]);
        Assert.Equal(pod.Metadata.Uid, (string?)address["targetRef"]!["uid"]);
        // Kubernetes decodes the patched object into v1.Endpoints: the nulls Patroni sends for hostname/nodeName vanish.
        Assert.False(address.AsObject().ContainsKey("hostname"));
        Assert.False(address.AsObject().ContainsKey("nodeName"));
        var port = updated.Body["subsets"]![0]!["ports"]!.AsArray().Single()!;
        Assert.Equal(("postgresql", 5432), ((string?)port["name"], (int?)port["port"]));

        // batman-1 still holds the create-time resourceVersion: its race attempt must fail and change nothing.
        var stale = await patroni.SendAsync(HttpMethod.Patch, leaderPath,
            $$"""{"metadata": {{Metadata(ns, Scope, LeaderAnnotations("batman-1", now, now), taken.ResourceVersion)}}}""", PatroniHttp.StrategicMergePatch);
        AssertStatus(stale, 409, "Conflict");
        var read = await patroni.SendAsync(HttpMethod.Get, leaderPath);
        Assert.Equal(200, read.Status);
        Assert.Equal(updated.ResourceVersion, read.ResourceVersion);
        Assert.Equal("batman-0", (string?)read.Annotations["leader"]);
        Assert.Equal(renewed, (string?)read.Annotations["renewTime"]);

        // The leader itself with a stale version: 409, then read_namespaced_kind and the patch again (l.1108-1137).
        var retried = Now();
        var retryBody = (string rv) =>
            $$"""{"metadata": {{Metadata(ns, Scope, LeaderAnnotations("batman-0", retried, acquired, """, "optime": "50332000", "slots": null"""), rv)}}, "subsets": {{Subsets("10.0.0.6", pod)}}}""";
        AssertStatus(await patroni.SendAsync(HttpMethod.Patch, leaderPath, retryBody(taken.ResourceVersion), PatroniHttp.StrategicMergePatch), 409, "Conflict");
        var fresh = await patroni.SendAsync(HttpMethod.Get, leaderPath);
        var again = await patroni.SendAsync(HttpMethod.Patch, leaderPath, retryBody(fresh.ResourceVersion), PatroniHttp.StrategicMergePatch);
        Assert.Equal(200, again.Status);
        Assert.NotEqual(fresh.ResourceVersion, again.ResourceVersion);
        // The subsets are replaced whole: only the new address is left.
        Assert.Equal(["10.0.0.6"], again.Body["subsets"]!.AsArray().Single()!["addresses"]!.AsArray().Select(a => (string?)a!["ip"]));

        // delete_leader: annotations {leader: null, optime}, and "subsets": [] since the last subsets were not empty.
        var released = await patroni.SendAsync(HttpMethod.Patch, leaderPath,
            $$"""{"metadata": {{Metadata(ns, Scope, """{"leader": null, "optime": "50332100"}""", again.ResourceVersion)}}, "subsets": []}""", PatroniHttp.StrategicMergePatch);
        Assert.Equal(200, released.Status);
        Assert.False(released.Annotations.ContainsKey("leader"));
        Assert.Equal("50332100", (string?)released.Annotations["optime"]);
        Assert.Equal("30", (string?)released.Annotations["ttl"]);
        Assert.Empty(released.Body["subsets"]?.AsArray() ?? []);
    }

    /// <summary>
    /// <c>manual_failover</c> (l.1200-1204): created with the null annotations skipped (l.1031-1033), cleared by a
    /// PATCH with every annotation <c>null</c> and the failover's resourceVersion; <c>write_sync_state</c> and
    /// <c>delete_sync_state</c> (l.1269-1273) on <c>batman-sync</c>.
    /// </summary>
    [Fact]
    public async Task Writes_and_clears_failover_and_sync_endpoints_with_null_annotations()
    {
        var ns = await NamespaceAsync();
        using var patroni = new PatroniHttp(server.Server);

        var failover = await patroni.SendAsync(HttpMethod.Post, Endpoints(ns),
            $$"""{"metadata": {{Metadata(ns, "batman-failover", """{"leader": "batman-0", "member": "batman-1"}""")}}}""");
        Assert.Equal(201, failover.Status);
        var cleared = await patroni.SendAsync(HttpMethod.Patch, $"{Endpoints(ns)}/batman-failover",
            $$"""{"metadata": {{Metadata(ns, "batman-failover", """{"leader": null, "member": null, "scheduled_at": null}""", failover.ResourceVersion)}}}""",
            PatroniHttp.StrategicMergePatch);
        Assert.Equal(200, cleared.Status);
        Assert.Empty(cleared.Annotations);
        Assert.NotEqual(failover.ResourceVersion, cleared.ResourceVersion);

        var sync = await patroni.SendAsync(HttpMethod.Post, Endpoints(ns),
            $$"""{"metadata": {{Metadata(ns, "batman-sync", """{"leader": "batman-0", "sync_standby": "batman-1"}""")}}}""");
        Assert.Equal(201, sync.Status);
        var moved = await patroni.SendAsync(HttpMethod.Patch, $"{Endpoints(ns)}/batman-sync",
            $$"""{"metadata": {{Metadata(ns, "batman-sync", """{"leader": "batman-0", "sync_standby": "batman-1,batman-2"}""", sync.ResourceVersion)}}}""",
            PatroniHttp.StrategicMergePatch);
        Assert.Equal(200, moved.Status);
        Assert.Equal("batman-1,batman-2", (string?)moved.Annotations["sync_standby"]);
        AssertStatus(await patroni.SendAsync(HttpMethod.Patch, $"{Endpoints(ns)}/batman-sync",
            $$"""{"metadata": {{Metadata(ns, "batman-sync", """{"leader": null, "sync_standby": null}""", sync.ResourceVersion)}}}""",
            PatroniHttp.StrategicMergePatch), 409, "Conflict");
        var deleted = await patroni.SendAsync(HttpMethod.Patch, $"{Endpoints(ns)}/batman-sync",
            $$"""{"metadata": {{Metadata(ns, "batman-sync", """{"leader": null, "sync_standby": null}""", moved.ResourceVersion)}}}""",
            PatroniHttp.StrategicMergePatch);
        Assert.Equal(200, deleted.Status);
        Assert.Empty(deleted.Annotations);
        Assert.Equal("batman", (string?)deleted.Metadata["labels"]!["cluster-name"]);
    }

    /// <summary>
    /// <c>touch_member</c> (l.1215-1237): a strategic merge patch of the own Pod's role label and <c>status</c>
    /// annotation; a member that is neither leader nor running replica sends <c>"role": null</c> to drop the label.
    /// </summary>
    [Fact]
    public async Task Patches_its_own_pod_role_label_and_status_annotation()
    {
        var ns = await NamespaceAsync();
        using var patroni = new PatroniHttp(server.Server);
        var pod = await PodAsync(ns, "batman-1");
        var path = $"/api/v1/namespaces/{ns}/pods/batman-1";
        string Body(string role, string state) =>
            $$$$"""{"metadata": {"namespace": "{{{{ns}}}}", "name": "batman-1", "labels": {"role": {{{{role}}}}}, "annotations": {"status": "{\"conn_url\":\"postgres://10.0.0.6:5432/postgres\",\"api_url\":\"http://10.0.0.6:8008/patroni\",\"state\":\"{{{{state}}}}\",\"role\":\"replica\",\"version\":\"3.0.2\"}"}}}""";

        var replica = await patroni.SendAsync(HttpMethod.Patch, path, Body("\"replica\"", "running"), PatroniHttp.StrategicMergePatch);
        Assert.Equal(200, replica.Status);
        Assert.Equal("Pod", (string?)replica.Body["kind"]);
        Assert.NotEqual(pod.Metadata.ResourceVersion, replica.ResourceVersion);
        var labels = replica.Metadata["labels"]!.AsObject();
        Assert.Equal(("patroni", "batman", "replica"), ((string?)labels["application"], (string?)labels["cluster-name"], (string?)labels["role"]));
        Assert.Contains("\"state\":\"running\"", (string?)replica.Annotations["status"], StringComparison.Ordinal);
        Assert.Equal("postgres:15", (string?)replica.Body["spec"]!["containers"]![0]!["image"]);

        var stopped = await patroni.SendAsync(HttpMethod.Patch, path, Body("null", "stopped"), PatroniHttp.StrategicMergePatch);
        Assert.Equal(200, stopped.Status);
        Assert.NotEqual(replica.ResourceVersion, stopped.ResourceVersion);
        Assert.False(stopped.Metadata["labels"]!.AsObject().ContainsKey("role"));
        Assert.Equal("batman", (string?)stopped.Metadata["labels"]!["cluster-name"]);
        Assert.Contains("\"state\":\"stopped\"", (string?)stopped.Annotations["status"], StringComparison.Ordinal);

        var read = await server.Client.CoreV1.ReadNamespacedPodAsync("batman-1", ns);
        Assert.False(read.Metadata.Labels.ContainsKey("role"));
    }

    /// <summary>
    /// <c>delete_cluster</c> (l.1259-1261): <c>delete_collection_namespaced_endpoints</c> is a DELETE on the collection
    /// with the label selector in the query and no body; other clusters' Endpoints and the config Service stay.
    /// </summary>
    [Fact]
    public async Task Removes_the_cluster_with_a_delete_collection_by_label_selector()
    {
        var ns = await NamespaceAsync();
        using var patroni = new PatroniHttp(server.Server);
        foreach (var name in new[] { Scope, "batman-config", "batman-sync" })
        {
            Assert.Equal(201, (await patroni.SendAsync(HttpMethod.Post, Endpoints(ns), $$"""{"metadata": {{Metadata(ns, name, "{}")}}}""")).Status);
        }

        Assert.Equal(201, (await patroni.SendAsync(HttpMethod.Post, Endpoints(ns),
            $$"""{"metadata": {{Metadata(ns, "other-config", "{}", labels: """{"application": "patroni", "cluster-name": "other"}""")}}}""")).Status);
        Assert.Equal(201, (await patroni.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/services",
            $$$"""{"metadata": {"namespace": "{{{ns}}}", "name": "batman-config", "labels": {{{Labels}}}}, "spec": {"clusterIP": "None"}}""")).Status);

        var deleted = await patroni.SendAsync(HttpMethod.Delete, $"{Endpoints(ns)}?{PatroniHttp.LabelSelector(Scope)}");
        Assert.Equal(200, deleted.Status);
        Assert.Equal("application/json", deleted.ContentType);

        var left = await patroni.SendAsync(HttpMethod.Get, Endpoints(ns));
        Assert.Equal(["other-config"], left.Body["items"]!.AsArray().Select(i => (string?)i!["metadata"]!["name"]));
        Assert.Equal(404, (await patroni.SendAsync(HttpMethod.Get, $"{Endpoints(ns)}/batman")).Status);
        Assert.Equal(200, (await patroni.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/services/batman-config")).Status);
    }
}
