using Ivyo.LocalCluster.Registry.Validation;
using static Ivyo.LocalCluster.Registry.Tests.Objects;

namespace Ivyo.LocalCluster.Registry.Tests.Validation;

public sealed class UpdateValidationTests
{
    [Fact]
    public void Statefulset_allows_replicas_and_template_only()
    {
        var old = Parse("""{"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"s"},"spec":{"replicas":1,"serviceName":"a","template":{}}}""");
        var scaled = Parse("""{"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"s"},"spec":{"replicas":3,"serviceName":"a","template":{"x":1}}}""");
        var renamed = Parse("""{"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"s"},"spec":{"replicas":1,"serviceName":"b","template":{}}}""");

        Assert.Empty(UpdateValidation.Validate(old, scaled));
        Assert.Equal(
            "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
            Assert.Single(UpdateValidation.Validate(old, renamed)).Message);
    }

    [Fact]
    public void Service_cluster_ip_is_immutable()
    {
        var old = Parse("""{"apiVersion":"v1","kind":"Service","metadata":{"name":"s"},"spec":{"clusterIP":"10.0.0.1"}}""");
        var updated = Parse("""{"apiVersion":"v1","kind":"Service","metadata":{"name":"s"},"spec":{"clusterIP":""}}""");

        Assert.Equal("spec.clusterIP: Invalid value: \"\": field is immutable", Assert.Single(UpdateValidation.Validate(old, updated)).Message);
    }

    [Fact]
    public void A_claim_without_a_storage_class_may_get_one_once_and_keep_it()
    {
        static System.Text.Json.Nodes.JsonObject Claim(string classField) => Parse(
            "{\"apiVersion\":\"v1\",\"kind\":\"PersistentVolumeClaim\",\"metadata\":{\"name\":\"c\"},"
            + "\"spec\":{\"accessModes\":[\"ReadWriteOnce\"],\"resources\":{\"requests\":{\"storage\":\"1G\"}}" + classField + "}}");
        var unset = Claim("");
        var standard = Claim(",\"storageClassName\":\"standard\"");

        // The PV controller's retroactive default StorageClass (GA in Kubernetes 1.28).
        Assert.Empty(UpdateValidation.Validate(unset, standard));
        Assert.Equal(
            "spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims",
            Assert.Single(UpdateValidation.Validate(standard, Claim(",\"storageClassName\":\"fast\""))).Message);
        Assert.Single(UpdateValidation.Validate(standard, unset));
    }

    [Fact]
    public void Metadata_name_and_uid_are_immutable()
    {
        var old = Parse("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","uid":"1"}}""");
        var updated = Parse("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","uid":"2"}}""");

        Assert.Equal("metadata.uid: Invalid value: \"2\": field is immutable", Assert.Single(UpdateValidation.Validate(old, updated)).Message);
    }

    [Fact]
    public void Immutable_secret_data_cannot_change()
    {
        var old = Parse("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"a"},"immutable":true,"data":{"k":"MQ=="}}""");
        var updated = Parse("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"a"},"immutable":true,"data":{"k":"Mg=="}}""");

        Assert.Equal("data: Forbidden: field is immutable when `immutable` is set", Assert.Single(UpdateValidation.Validate(old, updated)).Message);
    }
}
