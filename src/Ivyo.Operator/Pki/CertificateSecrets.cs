using System.Text;
using Ivyo.Api.V1Beta1;
using Ivyo.Operator.DesiredState;
using Ivyo.Operator.Naming;
using k8s.Models;
using Ivyo.Certificates;

namespace Ivyo.Operator.Pki;

/// <summary>
/// The Secrets that hold a cluster's certificates, with ivory-operator's names and keys:
/// <c>ivyo-root-cacert</c> (shared by every cluster of the namespace), <c>&lt;c&gt;-cluster-cert</c> (the server
/// certificate of <c>&lt;c&gt;-primary</c> and <c>&lt;c&gt;-replicas</c>), <c>&lt;c&gt;-replication-cert</c> (the client
/// certificate of the <c>_ivoryrepl</c> user) and <c>&lt;instance&gt;-certs</c> (each instance's own certificate, which
/// Patroni's REST API and pgBackRest's TLS server use).
/// </summary>
public static class CertificateSecrets
{
    public const string RootCertificateKey = "root.crt";
    public const string RootPrivateKeyKey = "root.key";
    public const string CaKey = "ca.crt";
    public const string TlsCertificateKey = "tls.crt";
    public const string TlsPrivateKeyKey = "tls.key";
    public const string InstanceCertificateKey = "dns.crt";
    public const string InstancePrivateKeyKey = "dns.key";
    public const string PatroniCaRootsKey = "patroni.ca-roots";
    public const string PatroniCombinedKey = "patroni.crt-combined";

    /// <summary>The user PostgreSQL replication and pg_rewind connect as, authenticated by certificate.</summary>
    public const string ReplicationUser = "_ivoryrepl";

    public const string ClusterCertificateLabelServer = "ivory-tls";
    public const string ClusterCertificateLabelReplication = "replication-client-tls";

    /// <summary>
    /// The namespace's root authority Secret. It is shared: each cluster adds a (non-controller) owner reference, and
    /// the garbage collector removes the Secret with the last cluster.
    /// </summary>
    public static V1Secret Root(IvoryCluster cluster, RootCertificateAuthority authority) => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Type = "Opaque",
        Metadata = new V1ObjectMeta
        {
            Name = Names.RootCertSecret,
            NamespaceProperty = cluster.Metadata.NamespaceProperty,
            OwnerReferences =
            [
                Ownership.ControllerReference(cluster) with { Controller = false, BlockOwnerDeletion = false },
            ],
        },
        Data = Bytes(new()
        {
            [RootCertificateKey] = authority.CertificatePem,
            [RootPrivateKeyKey] = authority.PrivateKeyPem,
        }),
    };

    /// <summary>DNS names of a Service: short, namespaced, <c>.svc</c> and fully qualified in <c>cluster.local</c>.</summary>
    public static IReadOnlyList<string> ServiceDnsNames(string service, string ns) =>
        [$"{service}.{ns}.svc.cluster.local", service, $"{service}.{ns}", $"{service}.{ns}.svc"];

    /// <summary>The server certificate of the cluster, for clients that connect through its Services.</summary>
    public static V1Secret ClusterServer(ClusterInputs inputs)
    {
        var dnsNames = ServiceDnsNames(Names.ClusterPrimaryService(inputs.Name), inputs.Namespace)
            .Concat(ServiceDnsNames(Names.ClusterReplicaService(inputs.Name), inputs.Namespace))
            .ToList();
        var name = Names.ClusterTlsSecret(inputs.Name);
        var leaf = Reuse(inputs, name, TlsCertificateKey, TlsPrivateKeyKey, dnsNames[0], dnsNames)
            ?? inputs.RootCa.Issue(dnsNames[0], dnsNames, inputs.Now, LeafUsage.Server);
        return Leaf(inputs, name, ClusterCertificateLabelServer, leaf);
    }

    /// <summary>The replication user's client certificate: its common name is the user name.</summary>
    public static V1Secret ReplicationClient(ClusterInputs inputs)
    {
        var name = Names.ReplicationClientCertSecret(inputs.Name);
        var leaf = Reuse(inputs, name, TlsCertificateKey, TlsPrivateKeyKey, ReplicationUser, [ReplicationUser])
            ?? inputs.RootCa.Issue(ReplicationUser, [ReplicationUser], inputs.Now, LeafUsage.Client);
        return Leaf(inputs, name, ClusterCertificateLabelReplication, leaf);
    }

    /// <summary>DNS names of an instance's pod through the <c>&lt;c&gt;-pods</c> Service (its StatefulSet has one pod, ordinal 0).</summary>
    public static IReadOnlyList<string> InstanceDnsNames(string cluster, string ns, string instance) =>
        ServiceDnsNames($"{instance}-0.{Names.ClusterPodService(cluster)}", ns);

    /// <summary>
    /// An instance's certificate Secret. <paramref name="extraData"/> lets other components (pgBackRest's TLS server)
    /// add their own keys.
    /// </summary>
    public static V1Secret Instance(
        ClusterInputs inputs, string set, string instance, IReadOnlyDictionary<string, string>? extraData = null)
    {
        var dnsNames = InstanceDnsNames(inputs.Name, inputs.Namespace, instance);
        var leaf = Reuse(inputs, Names.InstanceCertificates(instance), InstanceCertificateKey, InstancePrivateKeyKey, dnsNames[0], dnsNames)
            ?? inputs.RootCa.Issue(dnsNames[0], dnsNames, inputs.Now, LeafUsage.Server | LeafUsage.Client);
        var data = new Dictionary<string, string>
        {
            [InstanceCertificateKey] = leaf.CertificatePem,
            [InstancePrivateKeyKey] = leaf.PrivateKeyPem,
            [PatroniCaRootsKey] = inputs.RootCa.CertificatePem,
            // Patroni's REST API wants the certificate and key in one file.
            [PatroniCombinedKey] = leaf.PrivateKeyPem + leaf.CertificatePem,
        };
        foreach (var (key, value) in extraData ?? new Dictionary<string, string>())
        {
            data[key] = value;
        }

        return new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Type = "Opaque",
            Metadata = Ownership.Metadata(inputs.Cluster, Names.InstanceCertificates(instance), Labels.ForInstance(inputs.Name, set, instance)),
            Data = Bytes(data),
        };
    }

    /// <summary>The still-good certificate the existing Secret <paramref name="secret"/> holds, or null.</summary>
    private static LeafCertificate? Reuse(
        ClusterInputs inputs, string secret, string certificateKey, string privateKeyKey, string commonName, IReadOnlyList<string> dnsNames) =>
        StoredLeaf.Reuse(inputs.RootCa, inputs.ExistingSecret(secret)?.Data, certificateKey, privateKeyKey, commonName, dnsNames, inputs.Now);

    private static V1Secret Leaf(ClusterInputs inputs, string name, string purpose, LeafCertificate leaf) => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Type = "Opaque",
        Metadata = Ownership.Metadata(inputs.Cluster, name, new Dictionary<string, string>
        {
            [Labels.Cluster] = inputs.Name,
            [Labels.ClusterCertificate] = purpose,
        }),
        Data = Bytes(new()
        {
            [CaKey] = inputs.RootCa.CertificatePem,
            [TlsCertificateKey] = leaf.CertificatePem,
            [TlsPrivateKeyKey] = leaf.PrivateKeyPem,
        }),
    };

    private static Dictionary<string, byte[]> Bytes(Dictionary<string, string> data) =>
        data.ToDictionary(pair => pair.Key, pair => Encoding.UTF8.GetBytes(pair.Value), StringComparer.Ordinal);
}
