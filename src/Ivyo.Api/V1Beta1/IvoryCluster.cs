using System.Text.Json.Serialization;
using k8s;
using k8s.Models;
using Ivyo.Schema.Markers;

namespace Ivyo.Api.V1Beta1;

/// <summary>The Schema for the ivoryclusters API: one highly available IvorySQL cluster.</summary>
[Doc("IvoryCluster is the Schema for the ivoryclusters API")]
[KubernetesEntity(Group = Group, Kind = KindName, ApiVersion = Version, PluralName = Plural)]
public sealed class IvoryCluster : IKubernetesObject<V1ObjectMeta>, ISpec<IvoryClusterSpec>, IStatus<IvoryClusterStatus?>
{
    public const string Group = "ivory-operator.ivorysql.org";
    public const string Version = "v1beta1";
    public const string KindName = "IvoryCluster";
    public const string Plural = "ivoryclusters";
    public const string GroupVersion = Group + "/" + Version;

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = GroupVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KindName;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public IvoryClusterSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    public IvoryClusterStatus? Status { get; set; }
}
