using Ivyo.Api.V1Beta1;
using Ivyo.Operator.Images;
using Ivyo.Operator.Naming;
using Ivyo.Operator.Pki;
using Ivyo.Certificates;
using k8s.Models;

namespace Ivyo.Operator.DesiredState;

/// <summary>
/// Everything the desired-state builders need besides the cluster itself. The builders are pure: the same inputs give
/// the same objects, with no I/O. The reconciler gathers these from the API server; <c>ivyo render</c> makes them up.
/// </summary>
public sealed record ClusterInputs
{
    /// <summary>The cluster, already defaulted (see <c>IvoryClusterDefaulter</c>): instance set names, ports, replicas.</summary>
    public required IvoryCluster Cluster { get; init; }

    /// <summary>Names of the instances that exist now, per instance set; new instances get random names.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ExistingInstances { get; init; } =
        new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>
    /// How many instance pods exist now (running or not). While the cluster shuts down, the startup instance (the
    /// primary) keeps running until it is the last one; the pgBackRest repo host until no instance pod is left.
    /// </summary>
    public int InstancePods { get; init; }

    /// <summary>
    /// The cluster's Secrets as they are now, by name. Certificates that are still good, passwords and their verifiers
    /// are kept from them, so that a reconcile reproduces what exists instead of rotating it.
    /// </summary>
    public IReadOnlyDictionary<string, V1Secret> ExistingSecrets { get; init; } = new Dictionary<string, V1Secret>();

    /// <summary>The ClusterIP of <c>&lt;cluster&gt;-ha</c>, once the API server has assigned one.</summary>
    public string? HaClusterIp { get; init; }

    /// <summary>
    /// Whether every instance is held stopped (its StatefulSet at 0 replicas): while an in-place restore prepares the
    /// cluster and its Job runs. The PVCs and everything else stay.
    /// </summary>
    public bool InstancesHeld { get; init; }

    /// <summary>What each container image provides, such as the libraries IvorySQL preloads.</summary>
    public ImageCatalog Images { get; init; } = ImageCatalog.Default;

    /// <summary>Images for clusters that name none.</summary>
    public DefaultImages DefaultImages { get; init; } = DefaultImages.None;

    /// <summary>The namespace's root certificate authority, reused when it exists.</summary>
    public required RootCertificateAuthority RootCa { get; init; }

    public required IRandomSource Random { get; init; }

    public required DateTimeOffset Now { get; init; }

    public string Name => Cluster.Metadata.Name;

    public string Namespace => Cluster.Metadata.NamespaceProperty ?? "default";

    /// <summary>The existing Secret named <paramref name="name"/>, or null.</summary>
    public V1Secret? ExistingSecret(string name) => ExistingSecrets.TryGetValue(name, out var secret) ? secret : null;
}
