using Ivyo.Schema.Generation;
using k8s.Models;

namespace Ivyo.Schema.Tests;

public sealed class SchemaGeneratorTests
{
    private readonly V1JSONSchemaProps _spec = new SchemaGenerator().Generate<SampleSpec>();

    private V1JSONSchemaProps Prop(string name) => _spec.Properties[name];

    [Fact]
    public void Properties_are_named_by_json_name_or_camel_case_and_sorted()
    {
        Assert.Equal(
            ["affinity", "containers", "createdAt", "customTLSSecret", "data", "enabled", "extra", "imagePullPolicy", "instances", "limits", "minAvailable", "port", "postgresVersion", "ratio", "requests", "settings", "size", "tags"],
            _spec.Properties.Keys);
        Assert.Equal("object", _spec.Type);
    }

    [Fact]
    public void Only_Required_markers_make_our_properties_required()
    {
        Assert.Equal(["instances", "postgresVersion"], _spec.Required);
    }

    [Fact]
    public void Scalars_map_to_openapi_types_and_formats()
    {
        Assert.Equal(("integer", "int32"), (Prop("postgresVersion").Type, Prop("postgresVersion").Format));
        Assert.Equal(("integer", "int32"), (Prop("port").Type, Prop("port").Format));
        Assert.Equal(("integer", "int64"), (Prop("size").Type, Prop("size").Format));
        Assert.Equal("boolean", Prop("enabled").Type);
        Assert.Equal("number", Prop("ratio").Type);
        Assert.Null(Prop("ratio").Format);
        Assert.Equal(("string", "date-time"), (Prop("createdAt").Type, Prop("createdAt").Format));
        Assert.Equal(("string", "byte"), (Prop("data").Type, Prop("data").Format));
    }

    [Fact]
    public void Markers_set_bounds_enum_default_and_description()
    {
        Assert.Equal(10d, Prop("postgresVersion").Minimum);
        Assert.Equal(18d, Prop("postgresVersion").Maximum);
        Assert.Equal("The major PostgreSQL version.", Prop("postgresVersion").Description);
        Assert.Equal(1024d, Prop("port").Minimum);
        Assert.Equal(5432L, Prop("port").DefaultProperty);
        Assert.Equal(["Always", "Never", "IfNotPresent"], Prop("imagePullPolicy").EnumProperty);
    }

    [Fact]
    public void List_map_and_list_set_markers_set_list_types_and_item_constraints()
    {
        var instances = Prop("instances");
        Assert.Equal("array", instances.Type);
        Assert.Equal("map", instances.XKubernetesListType);
        Assert.Equal(["name"], instances.XKubernetesListMapKeys);
        Assert.Equal(1L, instances.MinItems);
        var item = (V1JSONSchemaProps)instances.Items;
        Assert.Equal(["name"], item.Required);
        Assert.Equal(1L, item.Properties["name"].MinLength);
        Assert.Equal(10L, item.Properties["name"].MaxLength);
        Assert.Equal(1L, item.Properties["replicas"].DefaultProperty);

        var tags = Prop("tags");
        Assert.Equal("set", tags.XKubernetesListType);
        Assert.Null(tags.Pattern);
        Assert.Equal("^[a-z]+$", ((V1JSONSchemaProps)tags.Items).Pattern);
    }

    [Fact]
    public void Required_keys_make_map_keys_required()
    {
        Assert.Equal(["storage"], Prop("requests").Required);
        Assert.Equal("object", Prop("requests").Type);
    }

    [Fact]
    public void IntOrString_is_int_or_string_with_any_of_like_controller_gen()
    {
        var schema = Prop("minAvailable");
        Assert.True(schema.XKubernetesIntOrString);
        Assert.Null(schema.Type);
        Assert.Equal(["integer", "string"], schema.AnyOf.Select(s => s.Type));
    }

    [Fact]
    public void Quantity_values_have_the_quantity_pattern()
    {
        var limits = Prop("limits");
        Assert.Equal("object", limits.Type);
        var quantity = (V1JSONSchemaProps)limits.AdditionalProperties;
        Assert.True(quantity.XKubernetesIntOrString);
        Assert.Equal(WellKnownSchemas.QuantityPattern, quantity.Pattern);
        Assert.Equal(@"^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$", quantity.Pattern);
        Assert.Equal(["integer", "string"], quantity.AnyOf.Select(s => s.Type));
    }

    [Fact]
    public void Json_objects_and_marked_properties_preserve_unknown_fields()
    {
        Assert.Equal("object", Prop("extra").Type);
        Assert.True(Prop("extra").XKubernetesPreserveUnknownFields);
        Assert.Equal("object", Prop("settings").Type);
        Assert.True(Prop("settings").XKubernetesPreserveUnknownFields);
        Assert.Contains("mode", Prop("settings").Properties.Keys);
    }

    [Fact]
    public void Class_level_cel_rules_become_validations()
    {
        var rule = Assert.Single(_spec.XKubernetesValidations);
        Assert.Equal("self.instances.size() <= 4", rule.Rule);
        Assert.Equal("at most four instance sets", rule.Message);
    }

    [Fact]
    public void Core_types_are_fully_typed_with_kubernetes_facts()
    {
        var container = (V1JSONSchemaProps)Prop("containers").Items;
        Assert.Equal(["name"], container.Required);
        var ports = container.Properties["ports"];
        Assert.Equal("map", ports.XKubernetesListType);
        Assert.Equal(["containerPort", "protocol"], ports.XKubernetesListMapKeys);
        var port = (V1JSONSchemaProps)ports.Items;
        Assert.Equal(["containerPort"], port.Required);
        Assert.Equal("TCP", port.Properties["protocol"].DefaultProperty);

        var secret = Prop("customTLSSecret");
        Assert.Equal("atomic", secret.XKubernetesMapType);
        Assert.Equal(["key", "path"], ((V1JSONSchemaProps)secret.Properties["items"].Items).Required);

        var term = (V1JSONSchemaProps)Prop("affinity").Properties["podAffinity"].Properties["requiredDuringSchedulingIgnoredDuringExecution"].Items;
        Assert.Equal(["topologyKey"], term.Required);
    }

    [Fact]
    public void Core_type_non_nullable_value_properties_are_required()
    {
        var weighted = new SchemaGenerator(CoreTypeFacts.None).Generate<V1WeightedPodAffinityTerm>();
        Assert.Equal(["weight"], weighted.Required);
        var condition = new SchemaGenerator().Generate<V1Condition>();
        Assert.Equal(["lastTransitionTime", "message", "reason", "status", "type"], condition.Required);
        Assert.Equal(["True", "False", "Unknown"], condition.Properties["status"].EnumProperty);
    }

    [Fact]
    public void Recursive_types_throw_with_the_chain()
    {
        var e = Assert.Throws<RecursiveTypeException>(() => new SchemaGenerator().Generate<ChainHolder>());
        Assert.Equal([typeof(ChainHolder), typeof(Chain), typeof(Chain)], e.Chain);
        Assert.Contains("ChainHolder -> Chain -> Chain", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_recursive_property_marked_preserve_unknown_fields_is_an_open_object()
    {
        var schema = new SchemaGenerator().Generate<PreservedChain>();
        Assert.Equal("object", schema.Properties["next"].Type);
        Assert.True(schema.Properties["next"].XKubernetesPreserveUnknownFields);
    }

    [Fact]
    public void Generation_returns_a_new_graph_each_time()
    {
        var generator = new SchemaGenerator();
        var a = generator.Generate<SampleSpec>();
        var b = generator.Generate<SampleSpec>();
        Assert.NotSame(a.Properties["port"], b.Properties["port"]);
    }
}
