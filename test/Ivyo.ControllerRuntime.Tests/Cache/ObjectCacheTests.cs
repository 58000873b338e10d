using System.Text.Json.Nodes;
using Ivyo.ControllerRuntime.Cache;

namespace Ivyo.ControllerRuntime.Tests.Cache;

public sealed class ObjectCacheTests
{
    private static JsonObject Object(string ns, string name, string rv = "1", string? app = null, string? ownerUid = null, bool controller = true)
    {
        var metadata = new JsonObject { ["name"] = name, ["namespace"] = ns, ["resourceVersion"] = rv };
        if (app is not null)
        {
            metadata["labels"] = new JsonObject { ["app"] = app };
        }

        if (ownerUid is not null)
        {
            metadata["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = "runtime.ivyo.test/v1", ["kind"] = "IvoryCluster", ["name"] = "owner", ["uid"] = ownerUid, ["controller"] = controller,
            });
        }

        return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = metadata };
    }

    private static ObjectCache CacheWithIndexes()
    {
        var cache = new ObjectCache();
        cache.AddIndex(IndexFunctions.LabelIndex("app"), IndexFunctions.ByLabel("app"));
        cache.AddIndex(IndexFunctions.ControllerUidIndex, IndexFunctions.ByControllerUid);
        return cache;
    }

    [Fact]
    public void Indexes_by_namespace_label_and_controller_owner_follow_adds_updates_and_deletes()
    {
        var cache = CacheWithIndexes();
        cache.Upsert(Object("a", "x", app: "db", ownerUid: "u1"));
        cache.Upsert(Object("a", "y", app: "web", ownerUid: "u1", controller: false));
        cache.Upsert(Object("b", "z", app: "db", ownerUid: "u2"));

        Assert.Equal(["a/x", "a/y"], cache.IndexKeys(IndexFunctions.NamespaceIndex, "a").Order());
        Assert.Equal(["a/x", "b/z"], cache.IndexKeys(IndexFunctions.LabelIndex("app"), "db").Order());
        Assert.Equal(["a/x"], cache.IndexKeys(IndexFunctions.ControllerUidIndex, "u1"));

        cache.Upsert(Object("a", "x", rv: "2", app: "web", ownerUid: "u2"));
        Assert.Equal(["b/z"], cache.IndexKeys(IndexFunctions.LabelIndex("app"), "db"));
        Assert.Equal(["a/x", "a/y"], cache.IndexKeys(IndexFunctions.LabelIndex("app"), "web").Order());
        Assert.Empty(cache.IndexKeys(IndexFunctions.ControllerUidIndex, "u1"));
        Assert.Equal(["a/x", "b/z"], cache.ByIndex(IndexFunctions.ControllerUidIndex, "u2").Select(ObjectKeys.Of).Order());

        Assert.NotNull(cache.Delete("a/x"));
        Assert.Equal(["a/y"], cache.IndexKeys(IndexFunctions.NamespaceIndex, "a"));
        Assert.Equal(["a/y"], cache.IndexKeys(IndexFunctions.LabelIndex("app"), "web"));
        Assert.Equal(["b/z"], cache.IndexKeys(IndexFunctions.ControllerUidIndex, "u2"));
        Assert.Null(cache.Delete("a/x"));
        Assert.Throws<ArgumentException>(() => cache.IndexKeys("missing", "v"));
    }

    [Fact]
    public void An_index_added_later_indexes_the_objects_already_cached()
    {
        var cache = new ObjectCache();
        cache.Upsert(Object("a", "x", app: "db"));
        cache.AddIndex(IndexFunctions.LabelIndex("app"), IndexFunctions.ByLabel("app"));
        Assert.Equal(["a/x"], cache.IndexKeys(IndexFunctions.LabelIndex("app"), "db"));
        Assert.Throws<InvalidOperationException>(() => cache.AddIndex(IndexFunctions.LabelIndex("app"), IndexFunctions.ByLabel("app")));
    }

    [Fact]
    public void Reads_hand_out_copies_so_callers_cannot_corrupt_the_cache()
    {
        var cache = CacheWithIndexes();
        var original = Object("a", "x", app: "db");
        cache.Upsert(original);
        original["metadata"]!["labels"]!["app"] = "changed-after-store";

        cache.Get("a/x")!["metadata"]!["labels"]!["app"] = "changed-by-get";
        cache.List()[0]["metadata"]!["labels"]!["app"] = "changed-by-list";
        cache.ByIndex(IndexFunctions.LabelIndex("app"), "db")[0]["metadata"]!["labels"]!["app"] = "changed-by-index";

        Assert.Equal("db", Metadata.Label(cache.Get("a/x")!, "app"));
        Assert.Equal(["a/x"], cache.IndexKeys(IndexFunctions.LabelIndex("app"), "db"));
    }

    [Fact]
    public void Replace_reports_new_changed_and_vanished_objects_and_ignores_unchanged_ones()
    {
        var cache = CacheWithIndexes();
        cache.Upsert(Object("a", "same", rv: "1"));
        cache.Upsert(Object("a", "changed", rv: "1", app: "db"));
        cache.Upsert(Object("a", "gone", rv: "1", app: "db"));

        var changes = cache.Replace([Object("a", "same", rv: "1"), Object("a", "changed", rv: "5", app: "web"), Object("a", "new", rv: "6")]);

        Assert.Equal(
            ["add a/new", "delete a/gone", "update a/changed 1->5"],
            changes.Select(c => (c.Old, c.New) switch
            {
                (null, { } n) => $"add {ObjectKeys.Of(n)}",
                ({ } o, null) => $"delete {ObjectKeys.Of(o)}",
                var (o, n) => $"update {ObjectKeys.Of(n!)} {Metadata.ResourceVersion(o!)}->{Metadata.ResourceVersion(n!)}",
            }).Order());
        Assert.Equal(["a/changed", "a/new", "a/same"], cache.ListKeys().Order());
        Assert.Empty(cache.IndexKeys(IndexFunctions.LabelIndex("app"), "db"));
        Assert.Equal(["a/changed"], cache.IndexKeys(IndexFunctions.LabelIndex("app"), "web"));
    }

    [Fact]
    public void Keys_are_namespace_slash_name_or_the_name_alone_for_cluster_scoped_objects()
    {
        Assert.Equal("a/x", ObjectKeys.Of("a", "x"));
        Assert.Equal("x", ObjectKeys.Of(null, "x"));
        Assert.Equal(("a", "x"), ObjectKeys.Split("a/x"));
        Assert.Equal(("", "x"), ObjectKeys.Split("x"));
    }
}
