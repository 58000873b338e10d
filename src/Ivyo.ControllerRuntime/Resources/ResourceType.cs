using System.Reflection;
using k8s;
using k8s.Models;

namespace Ivyo.ControllerRuntime.Resources;

/// <summary>
/// A Kubernetes resource as the API serves it: group, version, plural and scope — client-go's
/// <c>schema.GroupVersionResource</c> plus the namespaced flag a RESTMapper would supply.
/// Core resources have the empty group and live under <c>/api/v1</c>; every other group under <c>/apis/{group}/{version}</c>.
/// </summary>
public sealed record ResourceType(string Group, string Version, string Plural, bool Namespaced)
{
    /// <summary>The <c>apiVersion</c> of the resource's objects: <c>v1</c> for the core group, else <c>group/version</c>.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>
    /// The resource of a KubernetesClient model type, from its <see cref="KubernetesEntityAttribute"/>
    /// (for example <c>ResourceType.Of&lt;V1ConfigMap&gt;(namespaced: true)</c>).
    /// </summary>
    public static ResourceType Of<T>(bool namespaced)
        where T : IKubernetesObject
    {
        var entity = typeof(T).GetCustomAttribute<KubernetesEntityAttribute>()
            ?? throw new ArgumentException($"{typeof(T).Name} has no KubernetesEntity attribute.", nameof(T));
        return new ResourceType(entity.Group ?? "", entity.ApiVersion, entity.PluralName, namespaced);
    }

    /// <summary>
    /// The path of the collection, relative to the API server's base URL: <c>api/v1/namespaces/ns/configmaps</c>,
    /// <c>apis/coordination.k8s.io/v1/leases</c>. A null namespace means every namespace (or a cluster-scoped resource).
    /// </summary>
    public string CollectionPath(string? ns)
    {
        var prefix = Group.Length == 0 ? $"api/{Version}" : $"apis/{Group}/{Version}";
        return Namespaced && !string.IsNullOrEmpty(ns)
            ? $"{prefix}/namespaces/{Uri.EscapeDataString(ns)}/{Plural}"
            : $"{prefix}/{Plural}";
    }

    /// <inheritdoc />
    public override string ToString() => Group.Length == 0 ? $"{Plural}.{Version}" : $"{Plural}.{Version}.{Group}";
}
