using k8s;

namespace Ivyo.LocalCluster.Controllers.Common;

/// <summary>Deep copies and canonical serialization of KubernetesClient models (client-go's generated <c>DeepCopy</c>).</summary>
internal static class ObjectCopies
{
    /// <summary>A deep copy of <paramref name="value"/>, made by a JSON round trip.</summary>
    public static T Copy<T>(T value) => KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(value));

    /// <summary>A deep copy of <paramref name="value"/> as another model type with the same JSON shape.</summary>
    public static TOut Convert<TOut>(object value) => KubernetesJson.Deserialize<TOut>(KubernetesJson.Serialize(value));
}
