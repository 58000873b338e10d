using System.Text.Json.Nodes;
using Ivyo.LocalCluster.ApiServer.Errors;
using Ivyo.LocalCluster.ApiServer.Objects;
using Ivyo.LocalCluster.Storage;
using Ivyo.Schema.Validation;
using Microsoft.Extensions.Logging;

namespace Ivyo.LocalCluster.ApiServer.Lifecycle;

/// <summary>
/// Two small kube-controller-manager controllers: the ServiceAccount controller, which keeps a <c>default</c>
/// ServiceAccount in every active namespace, and the root-CA publisher, which keeps the <c>kube-root-ca.crt</c>
/// ConfigMap (the cluster CA under <c>ca.crt</c>) there, for the token volume pods mount. Both are recreated when
/// deleted.
/// </summary>
internal sealed class NamespaceDefaultsController(ObjectService objects, ResourceTable table, string caPem, TimeProvider time, ILogger<NamespaceDefaultsController> logger)
    : StoreController(objects, time, logger, "Namespace defaults controller")
{
    public const string RootCaConfigMap = "kube-root-ca.crt";

    private static readonly WriteOptions Writes = new(false, FieldValidation.Ignore);
    private static readonly string NamespacesPrefix = StorageKeys.Prefix("", "namespaces", null);
    private static readonly string ServiceAccountsPrefix = StorageKeys.Prefix("", "serviceaccounts", null);
    private static readonly string ConfigMapsPrefix = StorageKeys.Prefix("", "configmaps", null);

    private readonly WorkQueue<string> _queue = new(time);

    protected override void OnList(StoreList list)
    {
        foreach (var item in list.Items.Where(i => i.Key.StartsWith(NamespacesPrefix, StringComparison.Ordinal)))
        {
            _queue.Add(ObjectMetadata.Name(item.Value));
        }
    }

    protected override void OnEvent(StoreEvent change)
    {
        var key = change.Object.Key;
        var value = change.Object.Value;
        if (key.StartsWith(NamespacesPrefix, StringComparison.Ordinal) && change.Type == StoreEventType.Added)
        {
            _queue.Add(ObjectMetadata.Name(value));
        }
        else if ((key.StartsWith(ServiceAccountsPrefix, StringComparison.Ordinal) && ObjectMetadata.Name(value) == "default" && change.Type == StoreEventType.Deleted)
            || (key.StartsWith(ConfigMapsPrefix, StringComparison.Ordinal) && ObjectMetadata.Name(value) == RootCaConfigMap))
        {
            _queue.Add(ObjectMetadata.Namespace(value));
        }
    }

    protected override Task WorkAsync(CancellationToken cancellationToken) => DrainAsync(_queue, SyncAsync, cancellationToken);

    private async Task SyncAsync(string ns, CancellationToken cancellationToken)
    {
        var stored = await Objects.Store.GetAsync(StorageKeys.Key("", "namespaces", null, ns), cancellationToken);
        if (stored is null || stored.Value["metadata"]?["deletionTimestamp"] is not null)
        {
            return;
        }

        await EnsureAsync(table.ByResource("", "serviceaccounts")!, ns, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "default" } }, cancellationToken);
        var data = new JsonObject { ["ca.crt"] = caPem };
        var configMaps = table.ByResource("", "configmaps")!;
        var current = await Objects.Store.GetAsync(StorageKeys.Key("", "configmaps", ns, RootCaConfigMap), cancellationToken);
        if (current is null)
        {
            await EnsureAsync(configMaps, ns, new JsonObject
            {
                ["metadata"] = new JsonObject
                {
                    ["name"] = RootCaConfigMap,
                    ["annotations"] = new JsonObject
                    {
                        ["kubernetes.io/description"] =
                            "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.",
                    },
                },
                ["data"] = data,
            }, cancellationToken);
        }
        else if (!JsonNode.DeepEquals(current.Value["data"], data))
        {
            await Objects.GuaranteedUpdateAsync(configMaps, ns, RootCaConfigMap, null, cm =>
            {
                cm["data"] = data.DeepClone();
                return cm;
            }, "", Writes, cancellationToken);
        }
    }

    private async Task EnsureAsync(ServedResource resource, string ns, JsonObject obj, CancellationToken cancellationToken)
    {
        try
        {
            await Objects.CreateAsync(resource, ns, obj, Writes, cancellationToken);
        }
        catch (ApiException e) when (e.Code == 409 || (e.Code == 403 && e.Message.Contains("being terminated", StringComparison.Ordinal)))
        {
            // Already there, or the namespace started terminating meanwhile.
        }
    }
}
