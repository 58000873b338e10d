using System.Security.Cryptography.X509Certificates;
using System.Text;
using Ivyo.Operator.Pki;
using Ivyo.Operator.Tests.Support;
using Ivyo.Certificates;

namespace Ivyo.Operator.Tests.Pki;

public sealed class CertificateTests
{
    private static X509Certificate2 Parse(byte[] pem) => CertificateChecks.Certificate(pem);

    private static X509ChainStatusFlags Verify(X509Certificate2 leaf, X509Certificate2 root, string purposeOid) =>
        CertificateChecks.Verify(leaf, root, purposeOid, TestClusters.Now.AddDays(1));

    private static IReadOnlyList<string> DnsNames(X509Certificate2 certificate) => CertificateChecks.DnsNames(certificate);

    [Fact]
    public void Root_authority_is_an_ecdsa_p256_ca_valid_for_ten_years()
    {
        using var root = RootCertificateAuthority.Create(TestClusters.Now);
        var basic = root.Certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        Assert.True(basic.CertificateAuthority);
        Assert.Equal("ECC", root.Certificate.PublicKey.Oid.FriendlyName);
        Assert.Equal(256, root.Certificate.GetECDsaPublicKey()!.KeySize);
        Assert.InRange((root.Certificate.NotAfter - root.Certificate.NotBefore).TotalDays, 3649, 3651);
        Assert.True(root.IsValidAt(TestClusters.Now));

        using var reloaded = RootCertificateAuthority.FromPem(root.CertificatePem, root.PrivateKeyPem);
        Assert.Equal(root.Certificate.Thumbprint, reloaded.Certificate.Thumbprint);
    }

    [Fact]
    public void Cluster_server_certificate_chains_to_the_root_and_names_both_services()
    {
        var inputs = TestClusters.Inputs();
        var secret = CertificateSecrets.ClusterServer(inputs);
        var leaf = Parse(secret.Data["tls.crt"]);
        var ca = Parse(secret.Data["ca.crt"]);

        Assert.Equal(X509ChainStatusFlags.NoError, Verify(leaf, ca, "1.3.6.1.5.5.7.3.1"));
        Assert.Equal("CN=hippo-primary.ivory-operator.svc.cluster.local", leaf.Subject);
        Assert.Equal(
            ["hippo-primary.ivory-operator.svc.cluster.local", "hippo-primary", "hippo-primary.ivory-operator", "hippo-primary.ivory-operator.svc",
             "hippo-replicas.ivory-operator.svc.cluster.local", "hippo-replicas", "hippo-replicas.ivory-operator", "hippo-replicas.ivory-operator.svc"],
            DnsNames(leaf));
        Assert.InRange((leaf.NotAfter - leaf.NotBefore).TotalDays, 364, 366);
        Assert.Equal("hippo-cluster-cert", secret.Metadata.Name);
    }

    [Fact]
    public void Replication_certificate_is_a_client_certificate_for_ivoryrepl()
    {
        var secret = CertificateSecrets.ReplicationClient(TestClusters.Inputs());
        var leaf = Parse(secret.Data["tls.crt"]);
        Assert.Equal("CN=_ivoryrepl", leaf.Subject);
        Assert.Equal(X509ChainStatusFlags.NoError, Verify(leaf, Parse(secret.Data["ca.crt"]), "1.3.6.1.5.5.7.3.2"));
        Assert.NotEqual(X509ChainStatusFlags.NoError, Verify(leaf, Parse(secret.Data["ca.crt"]), "1.3.6.1.5.5.7.3.1"));
    }

    [Fact]
    public void Instance_certificate_names_the_pod_and_serves_patroni()
    {
        var secret = CertificateSecrets.Instance(TestClusters.Inputs(), "instance1", "hippo-instance1-abcd");
        var leaf = Parse(secret.Data["dns.crt"]);
        Assert.Contains("hippo-instance1-abcd-0.hippo-pods.ivory-operator.svc.cluster.local", DnsNames(leaf));
        Assert.Equal(X509ChainStatusFlags.NoError, Verify(leaf, TestClusters.RootCa.Certificate, "1.3.6.1.5.5.7.3.1"));
        var combined = Encoding.UTF8.GetString(secret.Data["patroni.crt-combined"]);
        Assert.Contains("BEGIN PRIVATE KEY", combined, StringComparison.Ordinal);
        Assert.Contains("BEGIN CERTIFICATE", combined, StringComparison.Ordinal);
        // One PEM block a line each: OpenSSL (Patroni's REST API) rejects "-----END PRIVATE KEY----------BEGIN CERTIFICATE-----".
        Assert.Matches("^-----BEGIN PRIVATE KEY-----\n[^-]+\n-----END PRIVATE KEY-----\n-----BEGIN CERTIFICATE-----\n[^-]+\n-----END CERTIFICATE-----\n$", combined);
        Assert.Equal(TestClusters.RootCa.CertificatePem, Encoding.UTF8.GetString(secret.Data["patroni.ca-roots"]));
    }

    [Fact]
    public void A_certificate_from_another_authority_does_not_verify()
    {
        using var other = RootCertificateAuthority.Create(TestClusters.Now);
        var secret = CertificateSecrets.ClusterServer(TestClusters.Inputs());
        Assert.NotEqual(X509ChainStatusFlags.NoError, Verify(Parse(secret.Data["tls.crt"]), other.Certificate, "1.3.6.1.5.5.7.3.1"));
    }

    [Fact]
    public void Root_secret_is_shared_with_a_non_controller_owner_reference()
    {
        var secret = CertificateSecrets.Root(TestClusters.Hippo(), TestClusters.RootCa);
        Assert.Equal("ivyo-root-cacert", secret.Metadata.Name);
        var owner = Assert.Single(secret.Metadata.OwnerReferences);
        Assert.False(owner.Controller);
        Assert.Equal(["root.crt", "root.key"], secret.Data.Keys.Order());
    }
}
