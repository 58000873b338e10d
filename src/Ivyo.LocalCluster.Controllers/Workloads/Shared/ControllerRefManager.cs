using Ivyo.LocalCluster.Controllers.Common;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Ivyo.LocalCluster.Controllers.Workloads.Shared;

/// <summary>
/// Adoption and release of dependents, as pkg/controller's <c>BaseControllerRefManager.ClaimObject</c>: an object the
/// owner controls is kept while it matches the selector and released (its controller reference removed) when it no
/// longer does; an orphan that matches is adopted (a controller reference with blockOwnerDeletion added) unless it or
/// the owner is being deleted; objects controlled by others are left alone. Adoption first re-reads the owner from the
/// API server (<c>RecheckDeletionTimestamp</c>), so a stale cache never adopts for an owner that is gone. Writes are
/// JSON merge patches of <c>metadata.ownerReferences</c> with the cached resourceVersion as precondition.
/// </summary>
internal sealed class ControllerRefManager<T>(
    IKubernetesObject<V1ObjectMeta> owner,
    string ownerApiVersion,
    string ownerKind,
    V1LabelSelector selector,
    Func<Task<IKubernetesObject<V1ObjectMeta>?>> readOwner,
    Func<T, V1Patch, Task> patch)
    where T : IKubernetesObject<V1ObjectMeta>
{
    private bool? _canAdopt;

    /// <summary>The objects of <paramref name="candidates"/> the owner controls after adoption and release.</summary>
    public async Task<List<T>> ClaimAsync(IEnumerable<T> candidates)
    {
        var claimed = new List<T>();
        var ownerDeleting = owner.Metadata.DeletionTimestamp is not null;
        foreach (var candidate in candidates)
        {
            var meta = candidate.Metadata;
            var matches = LabelSelectors.Matches(selector, meta.Labels);
            var controller = OwnerReferences.Controller(meta);
            if (controller is not null)
            {
                if (controller.Uid != owner.Metadata.Uid)
                {
                    continue;
                }

                if (matches)
                {
                    claimed.Add(candidate);
                }
                else if (!ownerDeleting)
                {
                    await ReleaseAsync(candidate).ConfigureAwait(false);
                }

                continue;
            }

            if (ownerDeleting || !matches || meta.DeletionTimestamp is not null)
            {
                continue;
            }

            if (await AdoptAsync(candidate).ConfigureAwait(false))
            {
                claimed.Add(candidate);
            }
        }

        return claimed;
    }

    private async Task<bool> AdoptAsync(T candidate)
    {
        _canAdopt ??= await readOwner().ConfigureAwait(false) is { } fresh
            && fresh.Metadata.Uid == owner.Metadata.Uid
            && fresh.Metadata.DeletionTimestamp is null;
        if (_canAdopt != true)
        {
            return false;
        }

        var references = candidate.Metadata.OwnerReferences?.ToList() ?? [];
        references.Add(OwnerReferences.ControllerOf(owner, ownerApiVersion, ownerKind));
        var adopted = await TryPatchAsync(candidate, references).ConfigureAwait(false);
        if (adopted)
        {
            candidate.Metadata.OwnerReferences = references;
        }

        return adopted;
    }

    private Task ReleaseAsync(T candidate)
    {
        var references = (candidate.Metadata.OwnerReferences ?? []).Where(o => o.Uid != owner.Metadata.Uid).ToList();
        return TryPatchAsync(candidate, references);
    }

    /// <summary>Writes the owner references; false when the object is gone (it is then neither adopted nor in the way).</summary>
    private async Task<bool> TryPatchAsync(T candidate, List<V1OwnerReference> references)
    {
        var body = new
        {
            metadata = new
            {
                ownerReferences = references,
                resourceVersion = candidate.Metadata.ResourceVersion,
            },
        };
        try
        {
            await patch(candidate, new V1Patch(KubernetesJson.Serialize(body), V1Patch.PatchType.MergePatch)).ConfigureAwait(false);
            return true;
        }
        catch (HttpOperationException e) when (ApiErrors.IsNotFound(e))
        {
            return false;
        }
    }
}
