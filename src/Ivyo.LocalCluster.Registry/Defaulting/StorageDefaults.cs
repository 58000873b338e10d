using System.Text.Json.Nodes;
using Ivyo.LocalCluster.Registry.Json;

namespace Ivyo.LocalCluster.Registry.Defaulting;

/// <summary>
/// The defaults of PersistentVolumeClaims and PersistentVolumes: pkg/apis/core/v1/defaults.go
/// SetDefaults_PersistentVolumeClaimSpec (volumeMode Filesystem), SetDefaults_PersistentVolumeClaim (status.phase
/// Pending), SetDefaults_PersistentVolume (persistentVolumeReclaimPolicy Retain, volumeMode Filesystem, status.phase
/// Pending).
/// </summary>
internal static class StorageDefaults
{
    public static void ApplyClaim(JsonObject claim)
    {
        var spec = JsonAccess.Ensure(claim, "spec");
        JsonAccess.Default(spec, "volumeMode", "Filesystem");
        var status = JsonAccess.Ensure(claim, "status");
        JsonAccess.Default(status, "phase", "Pending");
    }

    public static void ApplyVolume(JsonObject volume)
    {
        var spec = JsonAccess.Ensure(volume, "spec");
        JsonAccess.Default(spec, "persistentVolumeReclaimPolicy", "Retain");
        JsonAccess.Default(spec, "volumeMode", "Filesystem");
        var status = JsonAccess.Ensure(volume, "status");
        JsonAccess.Default(status, "phase", "Pending");
    }
}
