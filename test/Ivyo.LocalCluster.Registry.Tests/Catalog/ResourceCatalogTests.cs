using System.Text.Json.Nodes;
using Ivyo.LocalCluster.Registry.Catalog;

namespace Ivyo.LocalCluster.Registry.Tests.Catalog;

public sealed class ResourceCatalogTests
{
    private readonly ResourceCatalog _catalog = ResourceCatalog.CreateBuiltIn();

    [Theory]
    [InlineData("", "v1", "services", "Service", "svc", "all")]
    [InlineData("", "v1", "pods", "Pod", "po", "all")]
    [InlineData("apps", "v1", "statefulsets", "StatefulSet", "sts", "all")]
    [InlineData("apps", "v1", "deployments", "Deployment", "deploy", "all")]
    [InlineData("apps", "v1", "replicasets", "ReplicaSet", "rs", "all")]
    [InlineData("batch", "v1", "cronjobs", "CronJob", "cj", "all")]
    [InlineData("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", "pvc", null)]
    [InlineData("", "v1", "configmaps", "ConfigMap", "cm", null)]
    [InlineData("", "v1", "serviceaccounts", "ServiceAccount", "sa", null)]
    [InlineData("", "v1", "namespaces", "Namespace", "ns", null)]
    [InlineData("", "v1", "nodes", "Node", "no", null)]
    [InlineData("", "v1", "endpoints", "Endpoints", "ep", null)]
    [InlineData("", "v1", "events", "Event", "ev", null)]
    [InlineData("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", "pdb", null)]
    [InlineData("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", "crd", "api-extensions")]
    public void Built_in_resources_have_discovery_values(string group, string version, string resource, string kind, string shortName, string? category)
    {
        var type = _catalog.Find(group, version, resource);

        Assert.NotNull(type);
        Assert.Equal(kind, type.Kind);
        Assert.Contains(shortName, type.ShortNames);
        Assert.Equal(category is null ? [] : new[] { category }, type.Categories);
        Assert.Equal(kind.ToLowerInvariant(), type.SingularName);
    }

    [Fact]
    public void Subresources_match_kubernetes()
    {
        static string[] Names(ResourceType? t) => [.. t!.Subresources.Select(s => s.Name)];

        Assert.Subset(Names(_catalog.Find("", "v1", "pods")).ToHashSet(), new HashSet<string> { "status", "log", "exec", "eviction", "binding" });
        Assert.Equal(["scale", "status"], Names(_catalog.Find("apps", "v1", "statefulsets")));
        Assert.Equal(["scale", "status"], Names(_catalog.Find("apps", "v1", "deployments")));
        Assert.Equal(["token"], Names(_catalog.Find("", "v1", "serviceaccounts")));
        Assert.Equal(["finalize", "status"], Names(_catalog.Find("", "v1", "namespaces")));
        Assert.Equal(["status"], Names(_catalog.Find("batch", "v1", "jobs")));
        Assert.Equal(["status"], Names(_catalog.Find("apiextensions.k8s.io", "v1", "customresourcedefinitions")));
        var scale = _catalog.Find("apps", "v1", "statefulsets")!.Subresources[0];
        Assert.Equal(("Scale", "autoscaling", "v1"), (scale.Kind, scale.Group, scale.Version));
        Assert.Equal(["create"], _catalog.Find("", "v1", "pods")!.Subresources.Single(s => s.Name == "eviction").Verbs);
    }

    [Fact]
    public void Scope_and_verbs_match_kubernetes()
    {
        Assert.False(_catalog.Find("", "v1", "namespaces")!.Namespaced);
        Assert.False(_catalog.Find("", "v1", "nodes")!.Namespaced);
        Assert.False(_catalog.Find("rbac.authorization.k8s.io", "v1", "clusterroles")!.Namespaced);
        Assert.True(_catalog.Find("rbac.authorization.k8s.io", "v1", "roles")!.Namespaced);
        Assert.True(_catalog.Find("coordination.k8s.io", "v1", "leases")!.Namespaced);
        Assert.DoesNotContain("deletecollection", _catalog.Find("", "v1", "namespaces")!.Verbs);
        Assert.Equal(["create"], _catalog.Find("authorization.k8s.io", "v1", "selfsubjectaccessreviews")!.Verbs);
        Assert.Equal(["create"], _catalog.Find("authorization.k8s.io", "v1", "selfsubjectrulesreviews")!.Verbs);
        Assert.Equal(Verbs.All, _catalog.Find("", "v1", "pods")!.Verbs);
    }

    [Fact]
    public void Finds_by_kind_and_api_version()
    {
        Assert.Equal("statefulsets", _catalog.FindByKind("apps/v1", "StatefulSet")?.Resource);
        Assert.Equal("services", _catalog.FindByKind("v1", "Service")?.Resource);
        Assert.Equal("events", _catalog.FindByKind("events.k8s.io/v1", "Event")?.Resource);
        Assert.Null(_catalog.FindByKind("apps/v1beta1", "StatefulSet"));
    }

    [Theory]
    [InlineData("svc", "", "services")]
    [InlineData("SVC", "", "services")]
    [InlineData("service", "", "services")]
    [InlineData("sts", "apps", "statefulsets")]
    [InlineData("statefulsets.apps", "apps", "statefulsets")]
    [InlineData("crds", "apiextensions.k8s.io", "customresourcedefinitions")]
    [InlineData("pvc", "", "persistentvolumeclaims")]
    [InlineData("cj", "batch", "cronjobs")]
    public void Finds_by_name_as_kubectl_resolves(string name, string group, string resource)
    {
        var found = _catalog.FindByName(name);

        Assert.NotEmpty(found);
        Assert.Equal((group, resource), (found[0].Group, found[0].Resource));
    }

    [Fact]
    public void Events_resolve_to_core_first()
    {
        var found = _catalog.FindByName("ev");

        Assert.Equal(["", "events.k8s.io"], found.Select(t => t.Group));
    }

    [Fact]
    public void Category_all_lists_workloads_and_services()
    {
        var all = _catalog.InCategory("all").Select(t => t.Resource).ToHashSet();

        Assert.Superset(new HashSet<string> { "pods", "services", "statefulsets", "deployments", "replicasets", "jobs", "cronjobs", "daemonsets" }, all);
        Assert.DoesNotContain("configmaps", all);
    }

    private static JsonObject IvoryClusterCrd() => JsonNode.Parse("""
        {
          "apiVersion": "apiextensions.k8s.io/v1",
          "kind": "CustomResourceDefinition",
          "metadata": { "name": "ivoryclusters.ivory-operator.ivorysql.org" },
          "spec": {
            "group": "ivory-operator.ivorysql.org",
            "names": { "kind": "IvoryCluster", "listKind": "IvoryClusterList", "plural": "ivoryclusters", "singular": "ivorycluster", "shortNames": ["ic"], "categories": ["ivory"] },
            "scope": "Namespaced",
            "versions": [
              { "name": "v1beta1", "served": true, "storage": true, "subresources": { "status": {} },
                "additionalPrinterColumns": [ { "name": "Ready", "type": "string", "jsonPath": ".status.conditions[?(@.type==\"Ready\")].status", "priority": 1 } ] },
              { "name": "v1alpha1", "served": false, "storage": false }
            ]
          }
        }
        """)!.AsObject();

    [Fact]
    public void Custom_resources_come_from_crds()
    {
        var types = ResourceType.FromCrd(IvoryClusterCrd());

        var type = Assert.Single(types);
        Assert.Equal(("ivory-operator.ivorysql.org", "v1beta1", "ivoryclusters", "IvoryCluster", "ivorycluster"),
            (type.Group, type.Version, type.Resource, type.Kind, type.SingularName));
        Assert.True(type.Namespaced);
        Assert.True(type.IsCustomResource);
        Assert.True(type.IsStorageVersion);
        Assert.Equal(["ic"], type.ShortNames);
        Assert.Equal(["ivory"], type.Categories);
        Assert.Equal(["status"], type.Subresources.Select(s => s.Name));
        Assert.Equal("ivory-operator.ivorysql.org/v1beta1", type.ApiVersion);
        var column = Assert.Single(type.PrinterColumns!);
        Assert.Equal(("Ready", 1), (column.Name, column.Priority));
    }

    [Fact]
    public void Crd_version_without_columns_gets_age()
    {
        var crd = IvoryClusterCrd();
        crd["spec"]!["versions"]![0]!.AsObject().Remove("additionalPrinterColumns");
        crd["spec"]!["names"]!.AsObject().Remove("singular");

        var type = ResourceType.FromCrd(crd)[0];

        Assert.Equal("ivorycluster", type.SingularName);
        var column = Assert.Single(type.PrinterColumns!);
        Assert.Equal(("Age", "date", ".metadata.creationTimestamp"), (column.Name, column.Type, column.JsonPath));
    }

    [Fact]
    public void Catalog_with_custom_resources_is_a_new_catalog()
    {
        var extended = _catalog.WithCustomResources(ResourceType.FromCrd(IvoryClusterCrd()));

        Assert.Null(_catalog.FindByKind("ivory-operator.ivorysql.org/v1beta1", "IvoryCluster"));
        Assert.Equal("ivoryclusters", extended.FindByKind("ivory-operator.ivorysql.org/v1beta1", "IvoryCluster")?.Resource);
        Assert.Equal("ivoryclusters", extended.FindByName("ic").Single().Resource);
        Assert.Single(extended.WithCustomResources(ResourceType.FromCrd(IvoryClusterCrd())).Versions("ivory-operator.ivorysql.org", "ivoryclusters"));
        Assert.Empty(extended.WithoutCustomResource("ivory-operator.ivorysql.org", "ivoryclusters").FindByName("ic"));
    }
}
