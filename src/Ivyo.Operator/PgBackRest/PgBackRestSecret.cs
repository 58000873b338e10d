using System.Text;
using Ivyo.Operator.DesiredState;
using Ivyo.Operator.Naming;
using Ivyo.Operator.Pki;
using k8s.Models;
using Ivyo.Certificates;

namespace Ivyo.Operator.PgBackRest;

/// <summary>
/// <c>&lt;c&gt;-pgbackrest</c>: the mutual TLS material between instances and the repo host, issued by the namespace's
/// root CA. One client certificate serves the whole cluster (its common name is what the TLS server authorizes); the
/// repo host's server certificate names its pod. Only a cluster with a repo host has this Secret.
/// </summary>
public static class PgBackRestSecret
{
    /// <param name="inputs">The cluster, its root CA and the time.</param>
    /// <param name="existing">The Secret as it is now, whose certificates are kept while they are still good.</param>
    /// <returns>The Secret, or null when the cluster has no repo host (an existing one should then be deleted).</returns>
    public static V1Secret? Build(ClusterInputs inputs, V1Secret? existing = null)
    {
        var cluster = inputs.Cluster;
        if (!RepoHostStatefulSet.Enabled(cluster))
        {
            return null;
        }

        var root = inputs.RootCa;
        var clientName = PgBackRestConfigFiles.ClientCommonName(cluster);
        var client = StoredLeaf.Reuse(root, existing?.Data, PgBackRestFiles.ClientCertificateKey, PgBackRestFiles.ClientPrivateKeyKey,
                clientName, [clientName], inputs.Now)
            ?? root.Issue(clientName, [clientName], inputs.Now, LeafUsage.Client);

        var repoHostNames = CertificateSecrets.ServiceDnsNames(
            Names.StatefulSetPodHost(inputs.Name, Names.PgBackRestRepoHost(inputs.Name)), inputs.Namespace);
        var repoHost = StoredLeaf.Reuse(root, existing?.Data, PgBackRestFiles.RepoHostCertificateKey, PgBackRestFiles.RepoHostPrivateKeyKey,
                repoHostNames[0], repoHostNames, inputs.Now)
            ?? root.Issue(repoHostNames[0], repoHostNames, inputs.Now, LeafUsage.Server);

        return new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Type = "Opaque",
            Metadata = PgBackRestMetadata.Object(cluster, Names.PgBackRestSecret(inputs.Name), Labels.ForPgBackRestConfig(inputs.Name)),
            Data = new Dictionary<string, byte[]>(StringComparer.Ordinal)
            {
                [PgBackRestFiles.CaKey] = Encoding.UTF8.GetBytes(root.CertificatePem),
                [PgBackRestFiles.ClientCertificateKey] = Encoding.UTF8.GetBytes(client.CertificatePem),
                [PgBackRestFiles.ClientPrivateKeyKey] = Encoding.UTF8.GetBytes(client.PrivateKeyPem),
                [PgBackRestFiles.RepoHostCertificateKey] = Encoding.UTF8.GetBytes(repoHost.CertificatePem),
                [PgBackRestFiles.RepoHostPrivateKeyKey] = Encoding.UTF8.GetBytes(repoHost.PrivateKeyPem),
            },
        };
    }
}
