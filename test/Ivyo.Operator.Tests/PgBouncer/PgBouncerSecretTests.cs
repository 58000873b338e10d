using System.Security.Cryptography.X509Certificates;
using Ivyo.Operator.PgBouncer;
using Ivyo.Operator.Tests.PgBackRest;
using Ivyo.Operator.Users;
using k8s.Models;

namespace Ivyo.Operator.Tests.PgBouncer;

public sealed class PgBouncerSecretTests
{
    [Fact]
    public void Secret_holds_the_password_verifier_auth_file_and_certificate()
    {
        var secret = PgBouncerSecret.Build(BackupClusters.Inputs(ProxyClusters.Hippo()))!;

        Assert.Equal(("v1", "Secret", "Opaque", "hippo-pgbouncer"), (secret.ApiVersion, secret.Kind, secret.Type, secret.Metadata.Name));
        Assert.Equal(new Dictionary<string, string>
        {
            ["ivory-operator.ivorysql.org/cluster"] = "hippo",
            ["ivory-operator.ivorysql.org/role"] = "pgbouncer",
        }, secret.Metadata.Labels);
        Assert.Equal(
            ["pgbouncer-frontend.ca-roots", "pgbouncer-frontend.crt", "pgbouncer-frontend.key", "pgbouncer-password", "pgbouncer-users.txt", "pgbouncer-verifier"],
            secret.Data.Keys.Order(StringComparer.Ordinal));

        var password = BackupClusters.Text(secret.Data["pgbouncer-password"]);
        Assert.Equal(PasswordGenerator.Length, password.Length);
        Assert.Equal(PgBouncerIni.AuthFile(password), BackupClusters.Text(secret.Data["pgbouncer-users.txt"]));
    }

    [Fact]
    public void Verifier_is_the_scram_verifier_of_the_password()
    {
        var secret = PgBouncerSecret.Build(BackupClusters.Inputs(ProxyClusters.Hippo()))!;
        var password = BackupClusters.Text(secret.Data["pgbouncer-password"]);
        var verifier = BackupClusters.Text(secret.Data["pgbouncer-verifier"]);

        var match = System.Text.RegularExpressions.Regex.Match(verifier, @"^SCRAM-SHA-256\$4096:([^$]+)\$([^:]+):(.+)$");
        Assert.True(match.Success, verifier);
        var salt = Convert.FromBase64String(match.Groups[1].Value);
        Assert.Equal(16, salt.Length);
        Assert.Equal(ScramVerifier.Create(password, salt, 4096), verifier);
    }

    [Fact]
    public void Password_comes_from_the_injected_randomness()
    {
        var one = PgBouncerSecret.Build(BackupClusters.Inputs(ProxyClusters.Hippo(), seed: 1))!;
        var same = PgBouncerSecret.Build(BackupClusters.Inputs(ProxyClusters.Hippo(), seed: 1))!;
        var other = PgBouncerSecret.Build(BackupClusters.Inputs(ProxyClusters.Hippo(), seed: 2))!;

        Assert.Equal(one.Data["pgbouncer-password"], same.Data["pgbouncer-password"]);
        Assert.Equal(one.Data["pgbouncer-verifier"], same.Data["pgbouncer-verifier"]);
        Assert.NotEqual(one.Data["pgbouncer-password"], other.Data["pgbouncer-password"]);
    }

    [Fact]
    public void Frontend_certificate_chains_to_the_root_and_names_the_service()
    {
        var secret = PgBouncerSecret.Build(BackupClusters.Inputs(ProxyClusters.Hippo()))!;
        using var root = BackupClusters.Certificate(secret.Data["pgbouncer-frontend.ca-roots"]);
        using var leaf = BackupClusters.Certificate(secret.Data["pgbouncer-frontend.crt"]);

        Assert.Equal(BackupClusters.RootCa.Certificate.Thumbprint, root.Thumbprint);
        Assert.Equal(X509ChainStatusFlags.NoError, BackupClusters.Verify(leaf, root, BackupClusters.ServerAuth));
        Assert.Equal("CN=hippo-pgbouncer.postgres-operator.svc.cluster.local", leaf.Subject);
        Assert.Equal(
            ["hippo-pgbouncer.postgres-operator.svc.cluster.local", "hippo-pgbouncer", "hippo-pgbouncer.postgres-operator", "hippo-pgbouncer.postgres-operator.svc"],
            BackupClusters.DnsNames(leaf));
        using var withKey = X509Certificate2.CreateFromPem(
            BackupClusters.Text(secret.Data["pgbouncer-frontend.crt"]), BackupClusters.Text(secret.Data["pgbouncer-frontend.key"]));
        Assert.True(withKey.HasPrivateKey);
    }

    [Fact]
    public void A_custom_tls_secret_replaces_the_generated_certificate()
    {
        var cluster = ProxyClusters.Hippo();
        cluster.PgBouncer().CustomTLSSecret = new V1SecretProjection { Name = "my-pgbouncer-tls" };

        var secret = PgBouncerSecret.Build(BackupClusters.Inputs(cluster))!;

        Assert.Equal(["pgbouncer-password", "pgbouncer-users.txt", "pgbouncer-verifier"], secret.Data.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Stored_password_and_certificate_are_kept()
    {
        var first = PgBouncerSecret.Build(BackupClusters.Inputs(ProxyClusters.Hippo(), seed: 1))!;
        var second = PgBouncerSecret.Build(BackupClusters.Inputs(ProxyClusters.Hippo(), seed: 2), first)!;

        Assert.Equal(first.Data["pgbouncer-password"], second.Data["pgbouncer-password"]);
        Assert.Equal(first.Data["pgbouncer-verifier"], second.Data["pgbouncer-verifier"]);
        Assert.Equal(first.Data["pgbouncer-users.txt"], second.Data["pgbouncer-users.txt"]);
        Assert.Equal(first.Data["pgbouncer-frontend.crt"], second.Data["pgbouncer-frontend.crt"]);
    }

    [Fact]
    public void No_secret_without_pgbouncer()
    {
        Assert.Null(PgBouncerSecret.Build(BackupClusters.Inputs(BackupClusters.Hippo(BackupClusters.VolumeRepo()))));
    }
}
