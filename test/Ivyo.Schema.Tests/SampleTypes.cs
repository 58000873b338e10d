using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Ivyo.Schema.Markers;
using k8s.Models;

namespace Ivyo.Schema.Tests;

[Doc("A sample database cluster.")]
public sealed class SampleCluster
{
    public string? ApiVersion { get; set; }

    public SampleSpec? Spec { get; set; }

    public SampleStatus? Status { get; set; }
}

[CelRule("self.instances.size() <= 4", "at most four instance sets")]
public sealed class SampleSpec
{
    [Required]
    [Minimum(10)]
    [Maximum(18)]
    [Doc("The major PostgreSQL version.")]
    public int PostgresVersion { get; set; }

    [Minimum(1024)]
    [Default("5432")]
    public int? Port { get; set; }

    [Enum("Always", "Never", "IfNotPresent")]
    public string? ImagePullPolicy { get; set; }

    [Required]
    [MinItems(1)]
    [ListMap("name")]
    public List<SampleInstance> Instances { get; set; } = [];

    public IntOrString? MinAvailable { get; set; }

    public IDictionary<string, ResourceQuantity>? Limits { get; set; }

    [RequiredKeys("storage")]
    public IDictionary<string, ResourceQuantity>? Requests { get; set; }

    public JsonObject? Extra { get; set; }

    [PreserveUnknownFields]
    public SampleSettings? Settings { get; set; }

    [ListSet]
    [Pattern("^[a-z]+$")]
    public List<string>? Tags { get; set; }

    [JsonPropertyName("customTLSSecret")]
    public V1SecretProjection? CustomTlsSecret { get; set; }

    public V1Affinity? Affinity { get; set; }

    public IList<V1Container>? Containers { get; set; }

    public DateTimeOffset? CreatedAt { get; set; }

    public long Size { get; set; }

    public bool Enabled { get; set; }

    public double Ratio { get; set; }

    public byte[]? Data { get; set; }

    [JsonIgnore]
    public string? Ignored { get; set; }
}

public sealed class SampleInstance
{
    [Required]
    [MinLength(1)]
    [MaxLength(10)]
    public string Name { get; set; } = string.Empty;

    [Default("1")]
    public int? Replicas { get; set; }
}

public sealed class SampleSettings
{
    public string? Mode { get; set; }
}

public sealed class SampleStatus
{
    [ListMap("type")]
    public List<V1Condition>? Conditions { get; set; }
}

public sealed class Chain
{
    public string? Name { get; set; }

    public List<Chain>? Next { get; set; }
}

public sealed class ChainHolder
{
    public Chain? Chain { get; set; }
}

public sealed class PreservedChain
{
    [PreserveUnknownFields]
    public PreservedChain? Next { get; set; }
}
