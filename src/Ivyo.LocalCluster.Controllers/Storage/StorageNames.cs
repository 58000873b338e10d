namespace Ivyo.LocalCluster.Controllers.Storage;

/// <summary>The annotations and names the PersistentVolume controller and provisioners use (pkg/controller/volume/persistentvolume/util).</summary>
internal static class StorageNames
{
    public const string Provisioner = "ivyo.local/hostpath";
    public const string DefaultClassName = "standard";
    public const string IsDefaultClass = "storageclass.kubernetes.io/is-default-class";
    public const string BindCompleted = "pv.kubernetes.io/bind-completed";
    public const string BoundByController = "pv.kubernetes.io/bound-by-controller";
    public const string ProvisionedBy = "pv.kubernetes.io/provisioned-by";
    public const string StorageProvisioner = "volume.kubernetes.io/storage-provisioner";
    public const string BetaStorageProvisioner = "volume.beta.kubernetes.io/storage-provisioner";
    public const string SelectedNode = "volume.kubernetes.io/selected-node";
}
