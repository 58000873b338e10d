using Ivyo.LocalCluster.Registry.Catalog;
using Ivyo.Schema.Validation;

namespace Ivyo.LocalCluster.ApiServer.Objects;

/// <summary>
/// One resource the server serves: its catalog entry, and for custom resources the validator of the CRD's schema.
/// </summary>
public sealed record ServedResource(ResourceType Type, CustomResourceValidator? CustomValidator = null)
{
    public string Group => Type.Group;

    public string Version => Type.Version;

    public string Resource => Type.Resource;

    public string Kind => Type.Kind;

    public bool Namespaced => Type.Namespaced;

    public bool IsCustom => Type.IsCustomResource;

    public string ApiVersion => Type.ApiVersion;

    public string ListKind => Type.ListKind;

    public bool HasStatusSubresource => Type.HasSubresource("status");

    /// <summary>
    /// Whether <c>metadata.generation</c> counts spec changes: custom resources and the workload and policy kinds do;
    /// Pods (before Kubernetes 1.33), Services, ConfigMaps and the like carry no generation.
    /// </summary>
    public bool TracksGeneration => IsCustom || Kind is "StatefulSet" or "Deployment" or "ReplicaSet" or "DaemonSet" or "Job" or "CronJob"
        or "PodDisruptionBudget" or "CustomResourceDefinition";
}
