using System.Security.Cryptography.X509Certificates;
using Ivyo.Operator.PgBackRest;
using Ivyo.Operator.Pki;
using k8s.Models;
using Ivyo.Certificates;

namespace Ivyo.Operator.Tests.PgBackRest;

public sealed class PgBackRestSecretTests
{
    [Fact]
    public void No_secret_without_a_repo_host()
    {
        Assert.Null(PgBackRestSecret.Build(BackupClusters.Inputs(BackupClusters.Hippo(BackupClusters.S3Repo("repo1")))));
    }

    [Fact]
    public void Secret_has_ivory_operator_name_labels_and_keys()
    {
        var secret = PgBackRestSecret.Build(BackupClusters.Inputs(BackupClusters.Hippo(BackupClusters.VolumeRepo())))!;

        Assert.Equal(("v1", "Secret", "Opaque"), (secret.ApiVersion, secret.Kind, secret.Type));
        Assert.Equal("hippo-pgbackrest", secret.Metadata.Name);
        Assert.Equal(new Dictionary<string, string>
        {
            ["ivory-operator.ivorysql.org/cluster"] = "hippo",
            ["ivory-operator.ivorysql.org/pgbackrest"] = "",
            ["ivory-operator.ivorysql.org/pgbackrest-config"] = "",
        }, secret.Metadata.Labels);
        Assert.Equal(
            ["pgbackrest-client.crt", "pgbackrest-client.key", "pgbackrest-repo-host.crt", "pgbackrest-repo-host.key", "pgbackrest.ca-roots"],
            secret.Data.Keys.Order(StringComparer.Ordinal));
        Assert.True(Assert.Single(secret.Metadata.OwnerReferences).Controller);
    }

    [Fact]
    public void Client_certificate_chains_to_the_root_and_names_the_cluster()
    {
        var secret = PgBackRestSecret.Build(BackupClusters.Inputs(BackupClusters.Hippo(BackupClusters.VolumeRepo())))!;
        using var root = BackupClusters.Certificate(secret.Data["pgbackrest.ca-roots"]);
        using var client = BackupClusters.Certificate(secret.Data["pgbackrest-client.crt"]);

        Assert.Equal(BackupClusters.RootCa.Certificate.Thumbprint, root.Thumbprint);
        Assert.Equal(X509ChainStatusFlags.NoError, BackupClusters.Verify(client, root, BackupClusters.ClientAuth));
        Assert.Equal($"CN=pgbackrest@{BackupClusters.Uid}", client.Subject);
        using var key = X509Certificate2.CreateFromPem(BackupClusters.Text(secret.Data["pgbackrest-client.crt"]), BackupClusters.Text(secret.Data["pgbackrest-client.key"]));
        Assert.True(key.HasPrivateKey);
    }

    [Fact]
    public void Repo_host_certificate_chains_to_the_root_and_names_its_pod()
    {
        var secret = PgBackRestSecret.Build(BackupClusters.Inputs(BackupClusters.Hippo(BackupClusters.VolumeRepo())))!;
        using var server = BackupClusters.Certificate(secret.Data["pgbackrest-repo-host.crt"]);

        Assert.Equal(X509ChainStatusFlags.NoError, BackupClusters.Verify(server, BackupClusters.RootCa.Certificate, BackupClusters.ServerAuth));
        Assert.Equal("CN=hippo-repo-host-0.hippo-pods.postgres-operator.svc.cluster.local", server.Subject);
        Assert.Equal(
            ["hippo-repo-host-0.hippo-pods.postgres-operator.svc.cluster.local", "hippo-repo-host-0.hippo-pods",
             "hippo-repo-host-0.hippo-pods.postgres-operator", "hippo-repo-host-0.hippo-pods.postgres-operator.svc"],
            BackupClusters.DnsNames(server));
        // The name pgBackRest connects to, from the instance configuration, is one of them.
        Assert.Contains(PgBackRestConfigFiles.RepoHostFqdn("hippo", "postgres-operator"), BackupClusters.DnsNames(server));
    }

    [Fact]
    public void Certificates_from_another_root_do_not_chain()
    {
        using var other = RootCertificateAuthority.Create(BackupClusters.Now);
        var secret = PgBackRestSecret.Build(BackupClusters.Inputs(BackupClusters.Hippo(BackupClusters.VolumeRepo()), rootCa: other))!;
        using var server = BackupClusters.Certificate(secret.Data["pgbackrest-repo-host.crt"]);

        Assert.NotEqual(X509ChainStatusFlags.NoError, BackupClusters.Verify(server, BackupClusters.RootCa.Certificate, BackupClusters.ServerAuth));
    }

    [Fact]
    public void Stored_certificates_are_kept_while_still_good()
    {
        var inputs = BackupClusters.Inputs(BackupClusters.Hippo(BackupClusters.VolumeRepo()));
        var first = PgBackRestSecret.Build(inputs)!;
        var second = PgBackRestSecret.Build(inputs, first)!;

        Assert.Equal(first.Data["pgbackrest-client.crt"], second.Data["pgbackrest-client.crt"]);
        Assert.Equal(first.Data["pgbackrest-repo-host.key"], second.Data["pgbackrest-repo-host.key"]);

        // Not when the root changed, nor when the cluster (so the client's name) changed.
        using var other = RootCertificateAuthority.Create(BackupClusters.Now);
        var rotated = PgBackRestSecret.Build(inputs with { RootCa = other }, first)!;
        Assert.NotEqual(first.Data["pgbackrest-repo-host.crt"], rotated.Data["pgbackrest-repo-host.crt"]);

        var recreated = BackupClusters.Hippo(BackupClusters.VolumeRepo());
        recreated.Metadata.Uid = "another-uid";
        var renamed = PgBackRestSecret.Build(inputs with { Cluster = recreated }, first)!;
        Assert.NotEqual(first.Data["pgbackrest-client.crt"], renamed.Data["pgbackrest-client.crt"]);
        Assert.Equal(first.Data["pgbackrest-repo-host.crt"], renamed.Data["pgbackrest-repo-host.crt"]);

        // Nor when it expires within 30 days.
        var late = PgBackRestSecret.Build(inputs with { Now = BackupClusters.Now.AddDays(340) }, first)!;
        Assert.NotEqual(first.Data["pgbackrest-client.crt"], late.Data["pgbackrest-client.crt"]);
    }

    [Fact]
    public void Garbage_in_the_stored_secret_is_replaced()
    {
        var inputs = BackupClusters.Inputs(BackupClusters.Hippo(BackupClusters.VolumeRepo()));
        var garbage = new V1Secret
        {
            Data = new Dictionary<string, byte[]> { ["pgbackrest-client.crt"] = [1, 2, 3], ["pgbackrest-client.key"] = [4, 5, 6] },
        };

        var secret = PgBackRestSecret.Build(inputs, garbage)!;

        using var client = BackupClusters.Certificate(secret.Data["pgbackrest-client.crt"]);
        Assert.Equal(X509ChainStatusFlags.NoError, BackupClusters.Verify(client, BackupClusters.RootCa.Certificate, BackupClusters.ClientAuth));
    }
}
