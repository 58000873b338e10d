using System.Net;
using Ivyo.ControllerRuntime.Cache;
using Ivyo.ControllerRuntime.Controllers;
using Ivyo.LocalCluster.Controllers.Common;
using Ivyo.LocalCluster.Controllers.Hosting;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Ivyo.LocalCluster.Controllers.Storage;

/// <summary>
/// The PersistentVolume controller with the local provisioner, as pkg/controller/volume/persistentvolume's
/// <c>syncClaim</c>/<c>syncVolume</c> and an external provisioner together. Keys are <c>claim:ns/name</c> or
/// <c>volume:name</c>. An unbound claim takes the default StorageClass when it names none (the DefaultStorageClass
/// admission plugin's job in Kubernetes, done here because the local API server has no such plugin); it binds to an
/// Available volume that fits, or — when its class's provisioner is <c>ivyo.local/hostpath</c> — gets a new volume
/// <c>pvc-&lt;claim uid&gt;</c>, a directory under the data directory, with the claim's capacity and access modes, a
/// claimRef and reclaim policy Delete. With <c>volumeBindingMode: WaitForFirstConsumer</c> the volume is made once a
/// pod using the claim has a node (the scheduler's selected-node annotation, set here). Binding writes the volume's
/// claimRef, then the claim's volumeName, then both statuses Bound. A volume whose claim is gone is Released; with
/// reclaim Delete the provisioner removes its directory and the volume.
/// </summary>
internal sealed class VolumeBinderReconciler(ControllerContext context, HostPathProvisioner provisioner) : IReconciler
{
    public const string ClaimPrefix = "claim:";
    public const string VolumePrefix = "volume:";

    private readonly ILogger _logger = context.Logger<VolumeBinderReconciler>();
    private Kubernetes Client => context.Client;
    private SharedInformers Informers => context.Informers;

    /// <inheritdoc />
    public Task<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.StartsWith(ClaimPrefix, StringComparison.Ordinal)
            ? SyncClaimAsync(key[ClaimPrefix.Length..], cancellationToken)
            : SyncVolumeAsync(key[VolumePrefix.Length..], cancellationToken);
    }

    private async Task<ReconcileResult> SyncClaimAsync(string key, CancellationToken cancellationToken)
    {
        var claim = Informers.PersistentVolumeClaims.Get(key);
        if (claim is null || claim.Metadata.DeletionTimestamp is not null)
        {
            return ReconcileResult.Done;
        }

        var claimKey = ObjectKeys.Of(claim.Metadata.NamespaceProperty, claim.Metadata.Name);
        if (!string.IsNullOrEmpty(claim.Spec.VolumeName))
        {
            var bound = Informers.PersistentVolumes.Get(claim.Spec.VolumeName);
            if (bound is null)
            {
                // syncBoundClaim: the volume is gone (asked of the API server, not the possibly lagging cache).
                if (claim.Status?.Phase != "Lost" && !await VolumeExistsAsync(claim.Spec.VolumeName, cancellationToken).ConfigureAwait(false))
                {
                    await PatchClaimStatusAsync(claim, new { phase = "Lost" }, cancellationToken).ConfigureAwait(false);
                }

                return ReconcileResult.Done;
            }

            if (bound.Spec.ClaimRef?.Uid == claim.Metadata.Uid || bound.Spec.ClaimRef is null)
            {
                await BindAsync(claim, bound, cancellationToken).ConfigureAwait(false);
            }

            return ReconcileResult.Done;
        }

        var className = await EffectiveClassAsync(claim, cancellationToken).ConfigureAwait(false);
        if (FindMatchingVolume(claim, className) is { } available)
        {
            await BindAsync(claim, available, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.Done;
        }

        var storageClass = className is { Length: > 0 } ? Informers.StorageClasses.Get(className) : null;
        if (storageClass?.Provisioner != StorageNames.Provisioner)
        {
            return ReconcileResult.Done;
        }

        if (storageClass.VolumeBindingMode == "WaitForFirstConsumer" && !await SelectNodeAsync(claim, cancellationToken).ConfigureAwait(false))
        {
            StorageLog.WaitingForConsumer(_logger, claimKey);
            return ReconcileResult.Done;
        }

        var volume = await ProvisionAsync(claim, storageClass, cancellationToken).ConfigureAwait(false);
        await BindAsync(claim, volume, cancellationToken).ConfigureAwait(false);
        return ReconcileResult.Done;
    }

    /// <summary>The claim's class: its own, or the default class, recorded in the claim if the API server allows it.</summary>
    private async Task<string?> EffectiveClassAsync(V1PersistentVolumeClaim claim, CancellationToken cancellationToken)
    {
        if (claim.Spec.StorageClassName is not null)
        {
            return claim.Spec.StorageClassName;
        }

        var defaults = Informers.StorageClasses.List()
            .Where(c => c.Metadata.Annotations?.TryGetValue(StorageNames.IsDefaultClass, out var value) == true && value == "true")
            .OrderByDescending(c => c.Metadata.CreationTimestamp).ThenBy(c => c.Metadata.Name, StringComparer.Ordinal).ToList();
        if (defaults.Count == 0)
        {
            return null;
        }

        var name = defaults[0].Metadata.Name;
        try
        {
            var patch = new V1Patch(KubernetesJson.Serialize(new { spec = new { storageClassName = name } }), V1Patch.PatchType.MergePatch);
            await Client.CoreV1.PatchNamespacedPersistentVolumeClaimAsync(patch, claim.Metadata.Name, claim.Metadata.NamespaceProperty, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.UnprocessableEntity)
        {
            StorageLog.DefaultClassNotRecorded(_logger, ObjectKeys.Of(claim.Metadata.NamespaceProperty, claim.Metadata.Name), e.Response.ReasonPhrase ?? "422");
        }

        return name;
    }

    /// <summary>The smallest Available volume of the claim's class with the access modes and enough capacity (<c>findBestMatchForClaim</c>).</summary>
    private V1PersistentVolume? FindMatchingVolume(V1PersistentVolumeClaim claim, string? className)
    {
        var request = Request(claim);
        var modes = claim.Spec.AccessModes ?? [];
        return Informers.PersistentVolumes.List()
            .Where(v => v.Metadata.DeletionTimestamp is null && v.Status?.Phase is null or "Available" or "Pending")
            .Where(v => v.Spec.ClaimRef is null || (v.Spec.ClaimRef.Uid == claim.Metadata.Uid
                || (string.IsNullOrEmpty(v.Spec.ClaimRef.Uid) && v.Spec.ClaimRef.Name == claim.Metadata.Name && v.Spec.ClaimRef.NamespaceProperty == claim.Metadata.NamespaceProperty)))
            .Where(v => (v.Spec.StorageClassName ?? "") == (className ?? ""))
            .Where(v => modes.All(m => v.Spec.AccessModes?.Contains(m) == true))
            .Where(v => Capacity(v) >= request)
            .Where(v => claim.Spec.Selector is null || LabelSelectors.Matches(claim.Spec.Selector, v.Metadata.Labels))
            .OrderBy(v => v.Spec.ClaimRef is null ? 1 : 0).ThenBy(Capacity)
            .FirstOrDefault();
    }

    /// <summary>For WaitForFirstConsumer: the node of a scheduled pod using the claim, recorded as the selected node.</summary>
    private async Task<bool> SelectNodeAsync(V1PersistentVolumeClaim claim, CancellationToken cancellationToken)
    {
        if (claim.Metadata.Annotations?.ContainsKey(StorageNames.SelectedNode) == true)
        {
            return true;
        }

        var consumer = Informers.Pods.ByIndex(IndexFunctions.NamespaceIndex, claim.Metadata.NamespaceProperty)
            .FirstOrDefault(p => !string.IsNullOrEmpty(p.Spec.NodeName) && p.Metadata.DeletionTimestamp is null
                && p.Spec.Volumes?.Any(v => v.PersistentVolumeClaim?.ClaimName == claim.Metadata.Name) == true);
        if (consumer is null)
        {
            return false;
        }

        var patch = new V1Patch(KubernetesJson.Serialize(new { metadata = new { annotations = new Dictionary<string, string> { [StorageNames.SelectedNode] = consumer.Spec.NodeName } } }),
            V1Patch.PatchType.MergePatch);
        await Client.CoreV1.PatchNamespacedPersistentVolumeClaimAsync(patch, claim.Metadata.Name, claim.Metadata.NamespaceProperty, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        claim.Metadata.Annotations ??= new Dictionary<string, string>();
        claim.Metadata.Annotations[StorageNames.SelectedNode] = consumer.Spec.NodeName;
        return true;
    }

    private async Task<V1PersistentVolume> ProvisionAsync(V1PersistentVolumeClaim claim, V1StorageClass storageClass, CancellationToken cancellationToken)
    {
        var name = "pvc-" + claim.Metadata.Uid;
        var path = provisioner.Provision(name);
        var volume = new V1PersistentVolume
        {
            ApiVersion = "v1",
            Kind = "PersistentVolume",
            Metadata = new V1ObjectMeta
            {
                Name = name,
                Annotations = new Dictionary<string, string> { [StorageNames.ProvisionedBy] = StorageNames.Provisioner },
            },
            Spec = new V1PersistentVolumeSpec
            {
                Capacity = new Dictionary<string, ResourceQuantity> { ["storage"] = claim.Spec.Resources?.Requests?.TryGetValue("storage", out var size) == true ? size : new ResourceQuantity("0") },
                AccessModes = claim.Spec.AccessModes is { Count: > 0 } modes ? [.. modes] : ["ReadWriteOnce"],
                PersistentVolumeReclaimPolicy = storageClass.ReclaimPolicy ?? "Delete",
                StorageClassName = storageClass.Metadata.Name,
                VolumeMode = claim.Spec.VolumeMode ?? "Filesystem",
                HostPath = new V1HostPathVolumeSource { Path = path, Type = "DirectoryOrCreate" },
                ClaimRef = ClaimRef(claim),
                MountOptions = storageClass.MountOptions,
            },
        };
        if (claim.Metadata.Annotations?.TryGetValue(StorageNames.SelectedNode, out var node) == true)
        {
            volume.Spec.NodeAffinity = new V1VolumeNodeAffinity
            {
                Required = new V1NodeSelector
                {
                    NodeSelectorTerms = [new V1NodeSelectorTerm { MatchExpressions = [new V1NodeSelectorRequirement { Key = "kubernetes.io/hostname", OperatorProperty = "In", Values = [node] }] }],
                },
            };
        }

        try
        {
            volume = await Client.CoreV1.CreatePersistentVolumeAsync(volume, cancellationToken: cancellationToken).ConfigureAwait(false);
            StorageLog.Provisioned(_logger, name, path, ObjectKeys.Of(claim.Metadata.NamespaceProperty, claim.Metadata.Name));
        }
        catch (HttpOperationException e) when (ApiErrors.IsConflict(e))
        {
            volume = await Client.CoreV1.ReadPersistentVolumeAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        return volume;
    }

    /// <summary>Binds both ways and marks both Bound (<c>bind</c>: bindVolumeToClaim, bindClaimToVolume, then the statuses).</summary>
    private async Task BindAsync(V1PersistentVolumeClaim claim, V1PersistentVolume volume, CancellationToken cancellationToken)
    {
        var claimKey = ObjectKeys.Of(claim.Metadata.NamespaceProperty, claim.Metadata.Name);
        if (volume.Spec.ClaimRef?.Uid != claim.Metadata.Uid)
        {
            var patch = new V1Patch(KubernetesJson.Serialize(new
            {
                metadata = new { annotations = new Dictionary<string, string> { [StorageNames.BoundByController] = "yes" } },
                spec = new { claimRef = ClaimRef(claim) },
            }), V1Patch.PatchType.MergePatch);
            volume = await Client.CoreV1.PatchPersistentVolumeAsync(patch, volume.Metadata.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        if (volume.Status?.Phase != "Bound")
        {
            await Client.CoreV1.PatchPersistentVolumeStatusAsync(
                new V1Patch(KubernetesJson.Serialize(new { status = new { phase = "Bound" } }), V1Patch.PatchType.MergePatch),
                volume.Metadata.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        if (claim.Spec.VolumeName != volume.Metadata.Name || claim.Metadata.Annotations?.ContainsKey(StorageNames.BindCompleted) != true)
        {
            var annotations = new Dictionary<string, string> { [StorageNames.BindCompleted] = "yes" };
            if (claim.Spec.VolumeName != volume.Metadata.Name)
            {
                annotations[StorageNames.BoundByController] = "yes";
            }

            if (volume.Metadata.Annotations?.TryGetValue(StorageNames.ProvisionedBy, out var by) == true)
            {
                annotations[StorageNames.StorageProvisioner] = by;
                annotations[StorageNames.BetaStorageProvisioner] = by;
            }

            var patch = new V1Patch(KubernetesJson.Serialize(new { metadata = new { annotations }, spec = new { volumeName = volume.Metadata.Name } }), V1Patch.PatchType.MergePatch);
            await Client.CoreV1.PatchNamespacedPersistentVolumeClaimAsync(patch, claim.Metadata.Name, claim.Metadata.NamespaceProperty, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
        }

        if (claim.Status?.Phase != "Bound")
        {
            await PatchClaimStatusAsync(claim, new { phase = "Bound", capacity = volume.Spec.Capacity, accessModes = volume.Spec.AccessModes }, cancellationToken)
                .ConfigureAwait(false);
            StorageLog.Bound(_logger, claimKey, volume.Metadata.Name);
        }
    }

    private async Task<ReconcileResult> SyncVolumeAsync(string name, CancellationToken cancellationToken)
    {
        var volume = Informers.PersistentVolumes.Get(name);
        if (volume is null || volume.Metadata.DeletionTimestamp is not null)
        {
            return ReconcileResult.Done;
        }

        if (volume.Spec.ClaimRef is not { } claimRef)
        {
            if (volume.Status?.Phase is null or "Pending")
            {
                await PatchVolumeStatusAsync(volume, "Available", cancellationToken).ConfigureAwait(false);
            }

            return ReconcileResult.Done;
        }

        var claimKey = ObjectKeys.Of(claimRef.NamespaceProperty, claimRef.Name);
        var claim = Informers.PersistentVolumeClaims.Get(claimKey);
        if (claim is not null && (string.IsNullOrEmpty(claimRef.Uid) || claim.Metadata.Uid == claimRef.Uid))
        {
            // The claim side is the claim's sync: make sure it runs.
            return ReconcileResult.Done;
        }

        // The cache may lag behind a new claim: ask the API server before releasing anything.
        try
        {
            var live = await Client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync(claimRef.Name, claimRef.NamespaceProperty, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            if (string.IsNullOrEmpty(claimRef.Uid) || live.Metadata.Uid == claimRef.Uid)
            {
                return ReconcileResult.After(TimeSpan.FromSeconds(1));
            }
        }
        catch (HttpOperationException e) when (ApiErrors.IsNotFound(e))
        {
        }

        if (volume.Status?.Phase != "Released")
        {
            StorageLog.Released(_logger, name, claimKey);
            await PatchVolumeStatusAsync(volume, "Released", cancellationToken).ConfigureAwait(false);
        }

        if (volume.Spec.PersistentVolumeReclaimPolicy == "Delete"
            && volume.Metadata.Annotations?.TryGetValue(StorageNames.ProvisionedBy, out var by) == true && by == StorageNames.Provisioner)
        {
            var path = volume.Spec.HostPath?.Path ?? volume.Spec.Local?.Path;
            if (path is not null)
            {
                provisioner.Delete(path);
            }

            await ApiErrors.IgnoreNotFoundAsync(() => Client.CoreV1.DeletePersistentVolumeAsync(name, cancellationToken: cancellationToken)).ConfigureAwait(false);
            StorageLog.Deleted(_logger, name, path ?? "");
        }

        return ReconcileResult.Done;
    }

    private async Task<bool> VolumeExistsAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await Client.CoreV1.ReadPersistentVolumeAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (HttpOperationException e) when (ApiErrors.IsNotFound(e))
        {
            return false;
        }
    }

    private Task PatchVolumeStatusAsync(V1PersistentVolume volume, string phase, CancellationToken cancellationToken) =>
        ApiErrors.IgnoreNotFoundAsync(() => Client.CoreV1.PatchPersistentVolumeStatusAsync(
            new V1Patch(KubernetesJson.Serialize(new { status = new { phase } }), V1Patch.PatchType.MergePatch), volume.Metadata.Name, cancellationToken: cancellationToken));

    private Task PatchClaimStatusAsync(V1PersistentVolumeClaim claim, object status, CancellationToken cancellationToken) =>
        ApiErrors.IgnoreNotFoundAsync(() => Client.CoreV1.PatchNamespacedPersistentVolumeClaimStatusAsync(
            new V1Patch(KubernetesJson.Serialize(new { status }), V1Patch.PatchType.MergePatch),
            claim.Metadata.Name, claim.Metadata.NamespaceProperty, cancellationToken: cancellationToken));

    private static V1ObjectReference ClaimRef(V1PersistentVolumeClaim claim) => new()
    {
        ApiVersion = "v1",
        Kind = "PersistentVolumeClaim",
        NamespaceProperty = claim.Metadata.NamespaceProperty,
        Name = claim.Metadata.Name,
        Uid = claim.Metadata.Uid,
        ResourceVersion = claim.Metadata.ResourceVersion,
    };

    private static decimal Request(V1PersistentVolumeClaim claim) =>
        claim.Spec.Resources?.Requests?.TryGetValue("storage", out var q) == true ? q.ToDecimal() : 0m;

    private static decimal Capacity(V1PersistentVolume volume) =>
        volume.Spec.Capacity?.TryGetValue("storage", out var q) == true ? q.ToDecimal() : 0m;
}
