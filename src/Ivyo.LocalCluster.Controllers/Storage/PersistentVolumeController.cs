using Ivyo.ControllerRuntime.Cache;
using Ivyo.ControllerRuntime.Informers;
using Ivyo.LocalCluster.Controllers.Common;
using Ivyo.LocalCluster.Controllers.Hosting;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Ivyo.LocalCluster.Controllers.Storage;

/// <summary>
/// kube-controller-manager's <c>persistentvolume-binder</c> together with the local hostpath provisioner: on start it
/// creates the default StorageClass <c>standard</c> (provisioner <c>ivyo.local/hostpath</c>, annotated
/// <c>storageclass.kubernetes.io/is-default-class: "true"</c>) unless a class of that name exists, then syncs claims
/// and volumes (see <see cref="VolumeBinderReconciler"/>). A scheduled pod wakes the claims it uses, for
/// WaitForFirstConsumer classes.
/// </summary>
internal sealed class PersistentVolumeController : IManagedController
{
    public const string ControllerName = "persistentvolume-binder";

    private readonly ControllerContext _context;
    private readonly QueuedController _inner;
    private readonly ILogger _logger;

    public PersistentVolumeController(ControllerContext context)
    {
        _context = context;
        _logger = context.Logger<PersistentVolumeController>();
        var informers = context.Informers;
        var reconciler = new VolumeBinderReconciler(context, new HostPathProvisioner(context.Options.VolumeDataDirectory));
        _inner = QueuedController.Create(context, ControllerName, reconciler,
            informers.PersistentVolumeClaims, informers.PersistentVolumes, informers.StorageClasses, informers.Pods);
        var queue = _inner.Inner.Queue;
        informers.PersistentVolumeClaims.Untyped.AddEventHandler(ResourceEventHandler.ForAll(obj =>
        {
            queue.Add(VolumeBinderReconciler.ClaimPrefix + ObjectKeys.Of(obj));

            // A deleted (or deleting) claim's volume is to be released.
            if ((string?)obj["spec"]?["volumeName"] is { Length: > 0 } volumeName)
            {
                queue.Add(VolumeBinderReconciler.VolumePrefix + volumeName);
            }
        }));
        informers.PersistentVolumes.Untyped.AddEventHandler(ResourceEventHandler.ForAll(obj =>
        {
            queue.Add(VolumeBinderReconciler.VolumePrefix + Metadata.Name(obj));
            if (obj["spec"]?["claimRef"] is { } claimRef && (string?)claimRef["name"] is { } claimName)
            {
                queue.Add(VolumeBinderReconciler.ClaimPrefix + ObjectKeys.Of((string?)claimRef["namespace"], claimName));
            }
        }));
        informers.StorageClasses.Untyped.AddEventHandler(new ResourceEventHandler
        {
            // A new default class may let waiting claims go on.
            Added = _ => { foreach (var key in informers.PersistentVolumeClaims.Untyped.Cache.ListKeys()) { queue.Add(VolumeBinderReconciler.ClaimPrefix + key); } },
        });
        informers.Pods.Untyped.AddEventHandler(ResourceEventHandler.ForAll(obj =>
        {
            if (obj["spec"]?["nodeName"] is null || obj["spec"]?["volumes"] is not System.Text.Json.Nodes.JsonArray volumes)
            {
                return;
            }

            foreach (var volume in volumes)
            {
                if ((string?)volume?["persistentVolumeClaim"]?["claimName"] is { } claimName)
                {
                    queue.Add(VolumeBinderReconciler.ClaimPrefix + ObjectKeys.Of(Metadata.Namespace(obj), claimName));
                }
            }
        }));
    }

    /// <inheritdoc />
    public string Name => ControllerName;

    /// <inheritdoc />
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await EnsureDefaultClassAsync(cancellationToken).ConfigureAwait(false);
        await _inner.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose() => _inner.Dispose();

    private async Task EnsureDefaultClassAsync(CancellationToken cancellationToken)
    {
        var storageClass = new V1StorageClass
        {
            ApiVersion = "storage.k8s.io/v1",
            Kind = "StorageClass",
            Metadata = new V1ObjectMeta
            {
                Name = StorageNames.DefaultClassName,
                Annotations = new Dictionary<string, string> { [StorageNames.IsDefaultClass] = "true" },
            },
            Provisioner = StorageNames.Provisioner,
            ReclaimPolicy = "Delete",
            VolumeBindingMode = "Immediate",
        };
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await _context.Client.StorageV1.CreateStorageClassAsync(storageClass, cancellationToken: cancellationToken).ConfigureAwait(false);
                StorageLog.CreatedDefaultClass(_logger, StorageNames.DefaultClassName);
                return;
            }
            catch (HttpOperationException e) when (ApiErrors.IsConflict(e))
            {
                return;
            }
            catch (HttpRequestException) when (attempt < 10)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * (attempt + 1)), _context.Time, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
