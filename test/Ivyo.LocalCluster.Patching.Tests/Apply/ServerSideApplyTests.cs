using System.Text.Json.Nodes;
using Ivyo.LocalCluster.Patching.Apply;

namespace Ivyo.LocalCluster.Patching.Tests.Apply;

public sealed class ServerSideApplyTests
{
    private static readonly DateTimeOffset T1 = new(2024, 5, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T2 = new(2024, 5, 1, 11, 30, 15, TimeSpan.Zero);

    private static IListTypes ConfigMapTypes => BuiltInListTypes.For("v1", "ConfigMap")!;

    private static IListTypes DeploymentTypes => BuiltInListTypes.For("apps/v1", "Deployment")!;

    private static JsonObject Obj(string json) => (JsonObject)JsonAssert.Parse(json);

    private static JsonObject ConfigMap(string data) =>
        Obj($$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm","namespace":"default"},"data":{{data}}}""");

    private static ApplyResult Apply(JsonObject? live, JsonObject applied, string manager, bool force = false, DateTimeOffset? now = null, IListTypes? types = null) =>
        ServerSideApply.Apply(live, applied, new ApplyOptions(manager, "v1", force, now ?? T1), types ?? ConfigMapTypes);

    private static JsonObject PodTemplateDeployment(string podSpec) => Obj(
        """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d","namespace":"default"},"spec":{"template":{"spec":"""
        + podSpec + "}}}");

    private static ManagedFieldsEntry Entry(JsonObject obj, string manager, string operation = ManagedFieldsOperation.Apply) =>
        Assert.Single(ManagedFields.Read(obj), e => e.Manager == manager && e.Operation == operation);

    [Fact]
    public void First_apply_creates_the_object_and_owns_every_applied_field()
    {
        var result = Apply(null, ConfigMap("""{"a":"1","b":"2"}"""), "mgr");

        Assert.Empty(result.Conflicts);
        Assert.Equal("1", result.Object["data"]!["a"]!.GetValue<string>());
        var entries = Assert.Single(result.Object["metadata"]!["managedFields"]!.AsArray());
        JsonAssert.SameText(
            """{"manager":"mgr","operation":"Apply","apiVersion":"v1","time":"2024-05-01T10:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:data":{"f:a":{},"f:b":{}}}}""",
            entries);
    }

    [Fact]
    public void Reapplying_without_a_field_removes_it_and_updates_the_time()
    {
        var first = Apply(null, ConfigMap("""{"a":"1","b":"2"}"""), "mgr").Object;
        var second = Apply(first, ConfigMap("""{"a":"1"}"""), "mgr", now: T2);

        Assert.Empty(second.Conflicts);
        JsonAssert.Equal("""{"a":"1"}""", second.Object["data"]);
        var entry = Entry(second.Object, "mgr");
        Assert.Equal("2024-05-01T11:30:15Z", entry.Time);
        JsonAssert.Equal("""{"f:data":{"f:a":{}}}""", entry.Fields.ToFieldsV1());
    }

    [Fact]
    public void Reapplying_without_a_nested_struct_removes_it_with_its_parents()
    {
        // IVYO applies an instance StatefulSet's template with, then without, the user's affinity: Kubernetes removes
        // the whole affinity (the applier owned every path down to the leaves), not leaving "podAntiAffinity: {}".
        static JsonObject Deployment(string podSpec) => Obj(
            """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d","namespace":"default"},"spec":{"template":{"spec":"""
            + podSpec + "}}}");
        var first = Apply(null, Deployment("""
            {"containers":[{"name":"c","image":"i"}],"affinity":{"podAntiAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":
             [{"weight":1,"podAffinityTerm":{"topologyKey":"kubernetes.io/hostname","labelSelector":{"matchLabels":{"a":"b"}}}}]}}}
            """), "mgr", types: DeploymentTypes).Object;

        var second = Apply(first, Deployment("""{"containers":[{"name":"c","image":"i"}]}"""), "mgr", now: T2, types: DeploymentTypes);

        Assert.Empty(second.Conflicts);
        JsonAssert.Equal("""{"containers":[{"name":"c","image":"i"}]}""", second.Object["spec"]!["template"]!["spec"]);
    }

    [Fact]
    public void An_empty_map_the_manager_still_applies_is_kept_when_a_sibling_struct_goes()
    {
        // securityContext: {} is applied both times, so the manager still owns it: removing affinity next to it
        // leaves it as it is (only what the manager alone owned goes).
        var first = Apply(null, PodTemplateDeployment("""
            {"containers":[{"name":"c","image":"i"}],"securityContext":{},
             "affinity":{"podAntiAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[{"weight":1,"podAffinityTerm":{"topologyKey":"k"}}]}}}
            """), "mgr", types: DeploymentTypes).Object;

        var second = Apply(first, PodTemplateDeployment("""{"containers":[{"name":"c","image":"i"}],"securityContext":{}}"""), "mgr", now: T2, types: DeploymentTypes);

        Assert.Empty(second.Conflicts);
        JsonAssert.Equal("""{"containers":[{"name":"c","image":"i"}],"securityContext":{}}""", second.Object["spec"]!["template"]!["spec"]);
        Assert.True(Entry(second.Object, "mgr").Fields.Contains(["f:spec", "f:template", "f:spec", "f:securityContext"]));
    }

    [Fact]
    public void A_parent_another_manager_owns_fields_in_stays_with_them()
    {
        var first = Apply(null, PodTemplateDeployment("""
            {"containers":[{"name":"c","image":"i"}],"affinity":{"podAntiAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[{"weight":1,"podAffinityTerm":{"topologyKey":"k"}}]}}}
            """), "one", types: DeploymentTypes).Object;
        var second = Apply(first, PodTemplateDeployment("""
            {"affinity":{"podAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[{"weight":2,"podAffinityTerm":{"topologyKey":"z"}}]}}}
            """), "two", types: DeploymentTypes).Object;

        var third = Apply(second, PodTemplateDeployment("""{"containers":[{"name":"c","image":"i"}]}"""), "one", types: DeploymentTypes);

        Assert.Empty(third.Conflicts);
        JsonAssert.Equal(
            """{"podAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[{"weight":2,"podAffinityTerm":{"topologyKey":"z"}}]}}""",
            third.Object["spec"]!["template"]!["spec"]!["affinity"]);
    }

    [Fact]
    public void A_struct_the_removal_empties_goes_even_when_still_applied_as_empty()
    {
        // Kubernetes' RemoveItems leaves a map it empties as null, which the typed object drops (Affinity is a
        // pointer): applying "affinity: {}" after applying its content does not keep an empty affinity.
        var first = Apply(null, PodTemplateDeployment("""
            {"containers":[{"name":"c","image":"i"}],"affinity":{"podAntiAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[{"weight":1,"podAffinityTerm":{"topologyKey":"k"}}]}}}
            """), "mgr", types: DeploymentTypes).Object;

        var second = Apply(first, PodTemplateDeployment("""{"containers":[{"name":"c","image":"i"}],"affinity":{}}"""), "mgr", now: T2, types: DeploymentTypes);

        JsonAssert.Equal("""{"containers":[{"name":"c","image":"i"}]}""", second.Object["spec"]!["template"]!["spec"]);
    }

    [Fact]
    public void A_field_an_updater_also_owns_survives_when_the_applier_drops_it()
    {
        // As Kubernetes since structured-merge-diff v4: pruning spares what any other manager owns, updaters included
        // (the reason fields set by client-side apply outlive a server-side apply that drops them).
        var created = ManagedFields.RecordUpdate(null, ConfigMap("""{"shared":"s","mine":"m"}"""), "kubectl-client-side-apply", "v1", T1, ConfigMapTypes);
        var applied = Apply(created, ConfigMap("""{"shared":"s","own":"o"}"""), "mgr").Object;
        Assert.True(Entry(applied, "kubectl-client-side-apply", ManagedFieldsOperation.Update).Fields.Contains(["f:data", "f:shared"]));

        var dropped = Apply(applied, ConfigMap("{}"), "mgr", now: T2).Object;

        JsonAssert.Equal("""{"shared":"s","mine":"m"}""", dropped["data"]);
    }

    [Fact]
    public void Reapplying_the_same_configuration_keeps_the_time()
    {
        var first = Apply(null, ConfigMap("""{"a":"1"}"""), "mgr").Object;
        var second = Apply(first, ConfigMap("""{"a":"1"}"""), "mgr", now: T2).Object;
        Assert.Equal("2024-05-01T10:00:00Z", Entry(second, "mgr").Time);
    }

    [Fact]
    public void Two_appliers_keep_their_own_fields()
    {
        var first = Apply(null, ConfigMap("""{"a":"1"}"""), "one").Object;
        var second = Apply(first, ConfigMap("""{"b":"2"}"""), "two", now: T2);

        Assert.Empty(second.Conflicts);
        JsonAssert.Equal("""{"a":"1","b":"2"}""", second.Object["data"]);
        JsonAssert.Equal("""{"f:data":{"f:a":{}}}""", Entry(second.Object, "one").Fields.ToFieldsV1());
        JsonAssert.Equal("""{"f:data":{"f:b":{}}}""", Entry(second.Object, "two").Fields.ToFieldsV1());

        // "one" drops a: it alone owned it, so it goes; "two"'s b stays.
        var third = Apply(second.Object, Obj("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm"}}"""), "one").Object;
        JsonAssert.Equal("""{"b":"2"}""", third["data"]);
        Assert.DoesNotContain(ManagedFields.Read(third), e => e.Manager == "one");
    }

    [Fact]
    public void Shared_field_survives_when_one_applier_drops_it()
    {
        var first = Apply(null, ConfigMap("""{"a":"1"}"""), "one").Object;
        var second = Apply(first, ConfigMap("""{"a":"1"}"""), "two").Object;
        Assert.True(Entry(second, "one").Fields.Contains(["f:data", "f:a"]));
        Assert.True(Entry(second, "two").Fields.Contains(["f:data", "f:a"]));

        var third = Apply(second, ConfigMap("{}"), "one").Object;
        JsonAssert.Equal("""{"a":"1"}""", third["data"]);
    }

    [Fact]
    public void Conflicting_value_is_a_conflict_unless_forced()
    {
        var first = Apply(null, ConfigMap("""{"key":"1","other":"x"}"""), "one").Object;
        var conflicting = Apply(first, ConfigMap("""{"key":"2"}"""), "two");

        var conflict = Assert.Single(conflicting.Conflicts);
        Assert.Equal("one", conflict.Manager);
        Assert.Equal(".data.key", conflict.Field);
        Assert.Equal("Apply failed with 1 conflict: conflict with \"one\": .data.key", ApplyConflicts.Message(conflicting.Conflicts));
        JsonAssert.Equal(first.ToJsonString(), conflicting.Object);

        var forced = Apply(first, ConfigMap("""{"key":"2"}"""), "two", force: true);
        Assert.Empty(forced.Conflicts);
        JsonAssert.Equal("""{"key":"2","other":"x"}""", forced.Object["data"]);
        JsonAssert.Equal("""{"f:data":{"f:other":{}}}""", Entry(forced.Object, "one").Fields.ToFieldsV1());
        JsonAssert.Equal("""{"f:data":{"f:key":{}}}""", Entry(forced.Object, "two").Fields.ToFieldsV1());
    }

    [Fact]
    public void Apply_over_an_update_conflicts_only_on_differing_values()
    {
        var created = ManagedFields.RecordUpdate(null, ConfigMap("""{"key":"1","same":"s"}"""), "kubectl-client-side-apply", "v1", T1, ConfigMapTypes);
        var update = Entry(created, "kubectl-client-side-apply", ManagedFieldsOperation.Update);
        JsonAssert.Equal("""{"f:data":{".":{},"f:key":{},"f:same":{}}}""", update.Fields.ToFieldsV1());

        var result = Apply(created, ConfigMap("""{"key":"2","same":"s"}"""), "kubectl");
        var conflict = Assert.Single(result.Conflicts);
        Assert.Equal(".data.key", conflict.Field);
        Assert.Equal("conflict with \"kubectl-client-side-apply\" using v1", conflict.Message);
        Assert.Equal(
            "Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using v1: .data.key",
            ApplyConflicts.Message(result.Conflicts));
        JsonAssert.Equal(
            """
            {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
             "message":"Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using v1: .data.key",
             "reason":"Conflict",
             "details":{"causes":[{"reason":"FieldManagerConflict","message":"conflict with \"kubectl-client-side-apply\" using v1","field":".data.key"}]},
             "code":409}
            """,
            ApplyConflicts.ToStatus(result.Conflicts));

        var same = Apply(created, ConfigMap("""{"same":"s"}"""), "kubectl");
        Assert.Empty(same.Conflicts);
        Assert.True(Entry(same.Object, "kubectl").Fields.Contains(["f:data", "f:same"]));
        Assert.True(Entry(same.Object, "kubectl-client-side-apply", ManagedFieldsOperation.Update).Fields.Contains(["f:data", "f:same"]));
    }

    [Fact]
    public void Several_conflicts_are_grouped_by_manager()
    {
        var first = Apply(null, ConfigMap("""{"a":"1","b":"1"}"""), "one").Object;
        var result = Apply(first, ConfigMap("""{"a":"2","b":"2"}"""), "two");
        Assert.Equal(
            "Apply failed with 2 conflicts: conflicts with \"one\":\n- .data.a\n- .data.b",
            ApplyConflicts.Message(result.Conflicts));
    }

    [Fact]
    public void Update_takes_ownership_of_changed_fields_and_entries_sort_apply_first()
    {
        var applied = Apply(null, ConfigMap("""{"a":"1","b":"1"}"""), "mgr").Object;
        var edited = (JsonObject)applied.DeepClone();
        edited["data"]!["a"] = "edited";
        var recorded = ManagedFields.RecordUpdate(applied, edited, "kubectl-edit", "v1", T2, ConfigMapTypes);

        var entries = ManagedFields.Read(recorded);
        Assert.Equal(["mgr", "kubectl-edit"], entries.Select(e => e.Manager));
        Assert.Equal([ManagedFieldsOperation.Apply, ManagedFieldsOperation.Update], entries.Select(e => e.Operation));
        Assert.Equal("2024-05-01T11:30:15Z", entries[1].Time);
        JsonAssert.Equal("""{"f:data":{"f:b":{}}}""", entries[0].Fields.ToFieldsV1());
        JsonAssert.Equal("""{"f:data":{"f:a":{}}}""", entries[1].Fields.ToFieldsV1());

        // A write that changes nothing keeps managedFields as they were.
        var again = ManagedFields.RecordUpdate(recorded, recorded, "other", "v1", T2, ConfigMapTypes);
        Assert.Equal(2, ManagedFields.Read(again).Count);
    }

    [Fact]
    public void Existing_object_without_managed_fields_belongs_to_before_first_apply()
    {
        var result = Apply(ConfigMap("""{"a":"1"}"""), ConfigMap("""{"a":"2"}"""), "mgr");
        Assert.Equal("Apply failed with 1 conflict: conflict with \"before-first-apply\" using v1: .data.a", ApplyConflicts.Message(result.Conflicts));
    }

    [Fact]
    public void Containers_merge_by_name_and_ports_by_container_port_and_protocol()
    {
        var one = Obj("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},
             "spec":{"template":{"spec":{"containers":[{"name":"app","image":"app:1","ports":[{"containerPort":80,"protocol":"TCP"}]}]}}}}
            """);
        var two = Obj("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},
             "spec":{"template":{"spec":{"containers":[
               {"name":"app","ports":[{"containerPort":80,"name":"http"},{"containerPort":9090}]},
               {"name":"sidecar","image":"side:1"}]}}}}
            """);
        var first = Apply(null, one, "one", types: DeploymentTypes).Object;
        var second = Apply(first, two, "two", types: DeploymentTypes);

        Assert.Empty(second.Conflicts);
        JsonAssert.Equal(
            """
            [{"name":"app","image":"app:1","ports":[{"containerPort":80,"protocol":"TCP","name":"http"},{"containerPort":9090}]},
             {"name":"sidecar","image":"side:1"}]
            """,
            second.Object["spec"]!["template"]!["spec"]!["containers"]);
        var twoFields = Entry(second.Object, "two").Fields;
        Assert.True(twoFields.Contains(["f:spec", "f:template", "f:spec", "f:containers", "k:{\"name\":\"app\"}", "f:ports", "k:{\"containerPort\":80,\"protocol\":\"TCP\"}", "f:name"]));
        Assert.True(twoFields.Contains(["f:spec", "f:template", "f:spec", "f:containers", "k:{\"name\":\"sidecar\"}"]));

        var conflicting = Apply(second.Object, Obj("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},
             "spec":{"template":{"spec":{"containers":[{"name":"app","image":"app:2"}]}}}}
            """), "two", types: DeploymentTypes);
        Assert.Equal(".spec.template.spec.containers[name=\"app\"].image", Assert.Single(conflicting.Conflicts).Field);

        // "two" stops applying the sidecar, which it alone owned: the item goes.
        var dropped = Apply(second.Object, Obj("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},
             "spec":{"template":{"spec":{"containers":[{"name":"app","ports":[{"containerPort":80,"name":"http"},{"containerPort":9090}]}]}}}}
            """), "two", types: DeploymentTypes).Object;
        Assert.Equal(["app"], dropped["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
    }

    [Fact]
    public void Finalizers_are_a_set_owned_per_value()
    {
        var first = Apply(null, Obj("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm","finalizers":["a/x"]}}"""), "one").Object;
        var second = Apply(first, Obj("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm","finalizers":["b/y","a/x"]}}"""), "two");
        Assert.Empty(second.Conflicts);
        JsonAssert.Equal("""["a/x","b/y"]""", second.Object["metadata"]!["finalizers"]);
        JsonAssert.Equal("""{"f:metadata":{"f:finalizers":{"v:\"a/x\"":{},"v:\"b/y\"":{}}}}""", Entry(second.Object, "two").Fields.ToFieldsV1());

        var third = Apply(second.Object, Obj("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm","finalizers":["a/x"]}}"""), "two").Object;
        JsonAssert.Equal("""["a/x"]""", third["metadata"]!["finalizers"]);
    }

    [Fact]
    public void Atomic_lists_are_replaced_whole_and_owned_whole()
    {
        static JsonObject WithArgs(string args) => Obj($$"""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},
             "spec":{"template":{"spec":{"containers":[{"name":"app","args":{{args}}{{"}]}}}}"}}
            """);
        var first = Apply(null, WithArgs("""["a","b"]"""), "one", types: DeploymentTypes).Object;
        var second = Apply(first, WithArgs("""["c"]"""), "one", types: DeploymentTypes).Object;
        JsonAssert.Equal("""["c"]""", second["spec"]!["template"]!["spec"]!["containers"]![0]!["args"]);
        Assert.True(Entry(second, "one").Fields.Contains(["f:spec", "f:template", "f:spec", "f:containers", "k:{\"name\":\"app\"}", "f:args"]));

        var conflict = Apply(second, WithArgs("""["d"]"""), "two", types: DeploymentTypes);
        Assert.Equal(".spec.template.spec.containers[name=\"app\"].args", Assert.Single(conflict.Conflicts).Field);
    }

    [Fact]
    public void Custom_resource_schema_gives_list_types()
    {
        var schema = Obj("""
            {"type":"object","properties":{"spec":{"type":"object","properties":{
              "items":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"],
                       "items":{"type":"object","properties":{"name":{"type":"string"},"value":{"type":"string"}}}},
              "tags":{"type":"array","x-kubernetes-list-type":"set","items":{"type":"string"}},
              "args":{"type":"array","items":{"type":"string"}},
              "selector":{"type":"object","x-kubernetes-map-type":"atomic"}}}}}
            """);
        var types = new SchemaListTypes(schema);
        Assert.Equal(ListType.Map, types.Kind(["spec", "items"]).Type);
        Assert.Equal(["name"], types.Kind(["spec", "items"]).Keys);
        Assert.Equal(ListType.Set, types.Kind(["spec", "tags"]).Type);
        Assert.Equal(ListType.Atomic, types.Kind(["spec", "args"]).Type);
        Assert.Equal(ListType.Atomic, types.Kind(["spec", "unknown"]).Type);
        Assert.True(types.IsAtomicMap(["spec", "selector"]));

        var cr = Obj("""{"apiVersion":"x/v1","kind":"X","metadata":{"name":"x"},"spec":{"items":[{"name":"a","value":"1"}],"tags":["t"],"selector":{"k":"v"}}}""");
        var result = ServerSideApply.Apply(null, cr, new ApplyOptions("mgr", "x/v1", false, T1), types);
        JsonAssert.Equal(
            """{"f:spec":{"f:items":{"k:{\"name\":\"a\"}":{"f:name":{},"f:value":{},".":{}}},"f:selector":{},"f:tags":{"v:\"t\"":{}}}}""",
            Entry(result.Object, "mgr").Fields.ToFieldsV1());
    }
}
