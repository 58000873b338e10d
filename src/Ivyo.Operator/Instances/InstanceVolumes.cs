using Ivyo.Api.V1Beta1;
using Ivyo.Operator.DesiredState;
using Ivyo.Operator.Naming;
using k8s.Models;

namespace Ivyo.Operator.Instances;

/// <summary>
/// The PersistentVolumeClaims of an instance, created by IVYO rather than from StatefulSet templates so that a deleted
/// StatefulSet comes back with the same name and the same data: <c>&lt;instance&gt;-pgdata</c>, <c>&lt;instance&gt;-pgwal</c>
/// and one per tablespace.
/// </summary>
public static class InstanceVolumes
{
    public static V1PersistentVolumeClaim Data(IvoryCluster cluster, InstanceRef instance) =>
        Claim(cluster, instance, Names.InstanceDataVolume(instance.Name), Labels.RoleIvoryData, ToCore(instance.Set.DataVolumeClaimSpec));

    public static V1PersistentVolumeClaim? Wal(IvoryCluster cluster, InstanceRef instance) =>
        instance.Set.WalVolumeClaimSpec is { } spec
            ? Claim(cluster, instance, Names.InstanceWalVolume(instance.Name), Labels.RoleIvoryWal, ToCore(spec))
            : null;

    public static IEnumerable<V1PersistentVolumeClaim> Tablespaces(IvoryCluster cluster, InstanceRef instance) =>
        (instance.Set.TablespaceVolumes ?? []).Select(tablespace =>
        {
            var claim = Claim(cluster, instance, Names.InstanceTablespaceVolume(instance.Name, tablespace.Name), "tablespace",
                tablespace.DataVolumeClaimSpec);
            claim.Metadata.Labels[Labels.Data] = tablespace.Name;
            return claim;
        });

    private static V1PersistentVolumeClaim Claim(IvoryCluster cluster, InstanceRef instance, string name, string role, V1PersistentVolumeClaimSpec spec)
    {
        var labels = Labels.Merge(
            instance.Set.Metadata?.Labels,
            Labels.ForInstance(cluster.Metadata.Name, instance.SetName, instance.Name),
            new Dictionary<string, string> { [Labels.Role] = role, [Labels.Data] = Labels.DataIvory });
        return new V1PersistentVolumeClaim
        {
            ApiVersion = "v1",
            Kind = "PersistentVolumeClaim",
            Metadata = Ownership.Metadata(cluster, name, labels, instance.Set.Metadata?.Annotations),
            Spec = spec,
        };
    }

    /// <summary>Our stricter claim spec, as the core type the API server stores.</summary>
    public static V1PersistentVolumeClaimSpec ToCore(VolumeClaimSpec spec) => new()
    {
        AccessModes = [.. spec.AccessModes],
        DataSource = spec.DataSource,
        DataSourceRef = spec.DataSourceRef,
        Resources = new V1VolumeResourceRequirements
        {
            Requests = new Dictionary<string, ResourceQuantity>(spec.Resources.Requests),
            Limits = spec.Resources.Limits is null ? null : new Dictionary<string, ResourceQuantity>(spec.Resources.Limits),
        },
        Selector = spec.Selector,
        StorageClassName = spec.StorageClassName,
        VolumeAttributesClassName = spec.VolumeAttributesClassName,
        VolumeMode = spec.VolumeMode,
        VolumeName = spec.VolumeName,
    };
}
