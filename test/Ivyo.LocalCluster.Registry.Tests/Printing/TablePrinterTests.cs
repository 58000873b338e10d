using System.Text.Json.Nodes;
using Ivyo.LocalCluster.Registry.Catalog;
using Ivyo.LocalCluster.Registry.Printing;
using static Ivyo.LocalCluster.Registry.Tests.Objects;

namespace Ivyo.LocalCluster.Registry.Tests.Printing;

public sealed class TablePrinterTests
{
    private static readonly DateTimeOffset s_now = DateTimeOffset.Parse("2024-05-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
    private readonly ResourceCatalog _catalog = ResourceCatalog.CreateBuiltIn();

    private JsonObject Table(string group, string resource, params JsonObject[] objects) =>
        TablePrinter.ToTable(objects, _catalog.Find(group, "v1", resource)!, s_now);

    private static string[] Headers(JsonObject table, int priority = 0) =>
        [.. table["columnDefinitions"]!.AsArray().Where(c => (int)c!["priority"]! == priority).Select(c => ((string)c!["name"]!).ToUpperInvariant())];

    private static string[] Row(JsonObject table, int index = 0) =>
        [.. table["rows"]![index]!["cells"]!.AsArray().Select(c => c?.ToString() ?? "null")];

    [Fact]
    public void Services_as_in_the_tutorial()
    {
        var ha = Parse("""
            {"metadata":{"name":"hippo-ha","creationTimestamp":"2024-05-01T07:51:30Z"},
             "spec":{"type":"ClusterIP","clusterIP":"10.103.73.92","ports":[{"port":5432,"protocol":"TCP"}]}}
            """);
        var config = Parse("""
            {"metadata":{"name":"hippo-ha-config","creationTimestamp":"2024-05-01T07:51:30Z"},"spec":{"type":"ClusterIP","clusterIP":"None","selector":{"b":"2","a":"1"}}}
            """);

        var table = Table("", "services", ha, config);

        Assert.Equal("Table", (string?)table["kind"]);
        Assert.Equal("meta.k8s.io/v1", (string?)table["apiVersion"]);
        Assert.Equal(["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"], Headers(table));
        Assert.Equal(["SELECTOR"], Headers(table, 1));
        Assert.Equal(["hippo-ha", "ClusterIP", "10.103.73.92", "<none>", "5432/TCP", "4h8m", "<none>"], Row(table));
        Assert.Equal(["hippo-ha-config", "ClusterIP", "None", "<none>", "<none>", "4h8m", "a=1,b=2"], Row(table, 1));
        AssertJsonEqual("""
            {"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":{"name":"hippo-ha","creationTimestamp":"2024-05-01T07:51:30Z"}}
            """, table["rows"]![0]!["object"]);
        Assert.Equal("name", (string?)table["columnDefinitions"]![0]!["format"]);
    }

    [Fact]
    public void Node_port_and_load_balancer_services()
    {
        var lb = Parse("""
            {"metadata":{"name":"lb"},"spec":{"type":"LoadBalancer","clusterIP":"10.0.0.5","ports":[{"port":5432,"nodePort":30001,"protocol":"TCP"}]}}
            """);

        var table = Table("", "services", lb);

        Assert.Equal(["lb", "LoadBalancer", "10.0.0.5", "<pending>", "5432:30001/TCP", "<unknown>", "<none>"], Row(table));
    }

    [Fact]
    public void Pods_with_restarts_and_wide_columns()
    {
        var pod = Parse("""
            {"metadata":{"name":"hippo-instance1-abcd-0","creationTimestamp":"2024-05-01T11:00:00Z"},
             "spec":{"nodeName":"node-1","containers":[{"name":"database"},{"name":"replication-cert-copy"}]},
             "status":{"phase":"Running","podIP":"10.244.0.7","conditions":[{"type":"Ready","status":"True"}],
              "containerStatuses":[
               {"name":"database","ready":true,"restartCount":2,"state":{"running":{}},"lastState":{"terminated":{"finishedAt":"2024-05-01T11:50:00Z","exitCode":1}}},
               {"name":"replication-cert-copy","ready":true,"restartCount":0,"state":{"running":{}}}]}}
            """);

        var table = Table("", "pods", pod);

        Assert.Equal(["NAME", "READY", "STATUS", "RESTARTS", "AGE"], Headers(table));
        Assert.Equal(["IP", "NODE", "NOMINATED NODE", "READINESS GATES"], Headers(table, 1));
        Assert.Equal(["hippo-instance1-abcd-0", "2/2", "Running", "2 (10m ago)", "60m", "10.244.0.7", "node-1", "<none>", "<none>"], Row(table));
    }

    [Fact]
    public void Pod_statuses_follow_container_states()
    {
        var waiting = Parse("""
            {"metadata":{"name":"p"},"spec":{"containers":[{"name":"c"}]},
             "status":{"phase":"Pending","containerStatuses":[{"name":"c","ready":false,"restartCount":0,"state":{"waiting":{"reason":"ImagePullBackOff"}}}]}}
            """);
        var init = Parse("""
            {"metadata":{"name":"p"},"spec":{"initContainers":[{"name":"i"}],"containers":[{"name":"c"}]},
             "status":{"phase":"Pending","initContainerStatuses":[{"name":"i","restartCount":0,"state":{"running":{}}}]}}
            """);
        var completed = Parse("""
            {"metadata":{"name":"p"},"spec":{"containers":[{"name":"c"}]},
             "status":{"phase":"Succeeded","containerStatuses":[{"name":"c","restartCount":0,"state":{"terminated":{"reason":"Completed","exitCode":0}}}]}}
            """);

        var table = Table("", "pods", waiting, init, completed);

        Assert.Equal("ImagePullBackOff", Row(table)[2]);
        Assert.Equal("Init:0/1", Row(table, 1)[2]);
        Assert.Equal(["p", "0/1", "Completed", "0"], Row(table, 2)[..4]);
        Assert.Equal("Completed", (string?)table["rows"]![2]!["conditions"]![0]!["type"]);
    }

    [Fact]
    public void Statefulsets()
    {
        var sts = Parse("""
            {"metadata":{"name":"hippo-instance1-abcd","creationTimestamp":"2024-05-01T11:59:15Z"},
             "spec":{"replicas":1,"template":{"spec":{"containers":[{"name":"database","image":"ivorysql:3"},{"name":"pgbackrest","image":"pgbackrest:2"}]}}},
             "status":{"readyReplicas":1}}
            """);

        var table = TablePrinter.ToTable([sts], _catalog.Find("apps", "v1", "statefulsets")!, s_now);

        Assert.Equal(["NAME", "READY", "AGE"], Headers(table));
        Assert.Equal(["CONTAINERS", "IMAGES"], Headers(table, 1));
        Assert.Equal(["hippo-instance1-abcd", "1/1", "45s", "database,pgbackrest", "ivorysql:3,pgbackrest:2"], Row(table));
    }

    [Fact]
    public void Deployments_jobs_and_cronjobs_have_kubernetes_columns()
    {
        Assert.Equal(["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"], Headers(TablePrinter.ToTable([], _catalog.Find("apps", "v1", "deployments")!, s_now)));
        Assert.Equal(["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"], Headers(TablePrinter.ToTable([], _catalog.Find("batch", "v1", "jobs")!, s_now)));
        Assert.Equal(["NAME", "SCHEDULE", "TIMEZONE", "SUSPEND", "ACTIVE", "LAST SCHEDULE", "AGE"],
            Headers(TablePrinter.ToTable([], _catalog.Find("batch", "v1", "cronjobs")!, s_now)));
        Assert.Equal(["NAME", "MIN AVAILABLE", "MAX UNAVAILABLE", "ALLOWED DISRUPTIONS", "AGE"],
            Headers(TablePrinter.ToTable([], _catalog.Find("policy", "v1", "poddisruptionbudgets")!, s_now)));
        Assert.Equal(["NAME", "STATUS", "ROLES", "AGE", "VERSION"], Headers(Table("", "nodes")));
        Assert.Equal(["NAME", "STATUS", "VOLUME", "CAPACITY", "ACCESS MODES", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "AGE"], Headers(Table("", "persistentvolumeclaims")));
        Assert.Equal(["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"], Headers(Table("", "events")));
    }

    [Fact]
    public void Jobs()
    {
        var job = Parse("""
            {"metadata":{"name":"backup","creationTimestamp":"2024-05-01T11:00:00Z"},"spec":{"completions":1,"template":{"spec":{"containers":[{"name":"c","image":"x"}]}}},
             "status":{"succeeded":1,"startTime":"2024-05-01T11:00:00Z","completionTime":"2024-05-01T11:00:42Z","conditions":[{"type":"Complete","status":"True"}]}}
            """);

        var table = TablePrinter.ToTable([job], _catalog.Find("batch", "v1", "jobs")!, s_now);

        Assert.Equal(["backup", "Complete", "1/1", "42s", "60m", "c", "x", "<none>"], Row(table));
    }

    [Fact]
    public void Config_maps_secrets_and_namespaces()
    {
        var cm = Parse("""{"metadata":{"name":"hippo-config","creationTimestamp":"2024-05-01T11:59:00Z"},"data":{"a":"1","b":"2"}}""");
        var secret = Parse("""{"metadata":{"name":"hippo-pguser-hippo","creationTimestamp":"2024-05-01T11:59:00Z"},"type":"Opaque","data":{"password":"eA=="}}""");
        var ns = Parse("""{"metadata":{"name":"postgres-operator","creationTimestamp":"2024-04-29T09:00:00Z"},"status":{"phase":"Active"}}""");

        Assert.Equal(["hippo-config", "2", "60s"], Row(Table("", "configmaps", cm)));
        Assert.Equal(["hippo-pguser-hippo", "Opaque", "1", "60s"], Row(Table("", "secrets", secret)));
        Assert.Equal(["postgres-operator", "Active", "2d3h"], Row(Table("", "namespaces", ns)));
        Assert.Equal(["NAME", "DATA", "AGE"], Headers(Table("", "configmaps")));
        Assert.Equal(["NAME", "TYPE", "DATA", "AGE"], Headers(Table("", "secrets")));
    }

    [Fact]
    public void Endpoints_list_three_then_count_the_rest()
    {
        var ep = Parse("""
            {"metadata":{"name":"hippo-ha"},"subsets":[{"addresses":[{"ip":"10.1.0.20"},{"ip":"10.1.0.21"}],"ports":[{"port":53},{"port":9153}]}]}
            """);

        Assert.Equal("10.1.0.20:53,10.1.0.21:53,10.1.0.20:9153 + 1 more...", Row(Table("", "endpoints", ep))[1]);
    }

    [Fact]
    public void Role_bindings_and_default_printer()
    {
        var binding = Parse("""
            {"metadata":{"name":"b","creationTimestamp":"2024-05-01T11:00:00Z"},"roleRef":{"kind":"Role","name":"ivory-operator"},
             "subjects":[{"kind":"ServiceAccount","namespace":"ns","name":"sa"}]}
            """);
        var crd = Parse("""{"metadata":{"name":"ivoryclusters.ivory-operator.ivorysql.org","creationTimestamp":"2024-05-01T11:00:00Z"}}""");

        var bindings = TablePrinter.ToTable([binding], _catalog.Find("rbac.authorization.k8s.io", "v1", "rolebindings")!, s_now);
        var crds = TablePrinter.ToTable([crd], _catalog.Find("apiextensions.k8s.io", "v1", "customresourcedefinitions")!, s_now);

        Assert.Equal(["b", "Role/ivory-operator", "60m", "", "", "ns:sa"], Row(bindings));
        Assert.Equal(["NAME", "CREATED AT"], Headers(crds));
        Assert.Equal(["ivoryclusters.ivory-operator.ivorysql.org", "2024-05-01T11:00:00Z"], Row(crds));
    }

    [Fact]
    public void Custom_resources_use_printer_columns()
    {
        var type = ResourceType.FromCrd(Parse("""
            {"spec":{"group":"ivory-operator.ivorysql.org","names":{"kind":"IvoryCluster","plural":"ivoryclusters"},"scope":"Namespaced",
             "versions":[{"name":"v1beta1","served":true,"storage":true,"additionalPrinterColumns":[
               {"name":"Ready","type":"string","jsonPath":".status.conditions[?(@.type==\"Ready\")].status"},
               {"name":"Replicas","type":"integer","jsonPath":".spec.replicas"},
               {"name":"Suspended","type":"boolean","jsonPath":".spec.suspended","priority":1},
               {"name":"Age","type":"date","jsonPath":".metadata.creationTimestamp"}]}]}}
            """))[0];
        var cluster = Parse("""
            {"metadata":{"name":"hippo","creationTimestamp":"2024-05-01T11:00:00Z"},"spec":{"replicas":2},
             "status":{"conditions":[{"type":"Ready","status":"True"}]}}
            """);

        var table = TablePrinter.ToTable([cluster], type, s_now, new TableOptions(IncludeObject.Object, "42"));

        Assert.Equal(["NAME", "READY", "REPLICAS", "AGE"], Headers(table));
        Assert.Equal(["hippo", "True", "2", "null", "60m"], Row(table));
        Assert.Equal("42", (string?)table["metadata"]!["resourceVersion"]);
        AssertJsonEqual(cluster.ToJsonString(), table["rows"]![0]!["object"]);
    }
}
