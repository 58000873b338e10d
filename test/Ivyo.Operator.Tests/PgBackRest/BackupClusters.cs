using System.Security.Cryptography.X509Certificates;
using System.Text;
using Ivyo.Api.V1Beta1;
using Ivyo.Operator.DesiredState;
using Ivyo.Operator.Naming;
using Ivyo.Operator.Pki;
using Ivyo.Operator.Tests.Support;
using k8s.Models;
using Ivyo.Certificates;

namespace Ivyo.Operator.Tests.PgBackRest;

/// <summary>Defaulted clusters with pgBackRest repositories, and certificate checks, for the pgBackRest and PgBouncer tests.</summary>
internal static class BackupClusters
{
    public const string Image = "docker.io/ivorysql/pgbackrest:ubi8-2.47-2.0";
    public const string Uid = "4e1f3c2a-9b1d-4a8e-8f3c-2d5e6f7a8b9c";

    public static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<RootCertificateAuthority> s_rootCa = new(() => RootCertificateAuthority.Create(Now));

    public static RootCertificateAuthority RootCa => s_rootCa.Value;

    /// <summary><c>hippo</c> in <c>postgres-operator</c>, PostgreSQL 16 on port 5432, with the given repositories.</summary>
    public static IvoryCluster Hippo(params PgBackRestRepo[] repos) => new()
    {
        Metadata = new V1ObjectMeta { Name = "hippo", NamespaceProperty = "postgres-operator", Uid = Uid },
        Spec = new IvoryClusterSpec
        {
            PostgresVersion = 16,
            Port = 5432,
            Instances = [new InstanceSet { Name = "instance1", Replicas = 2, DataVolumeClaimSpec = Claim("1Gi") }],
            Backups = new Backups { PgBackRest = new PgBackRestArchive { Repos = [.. repos] } },
        },
    };

    public static PgBackRestRepo VolumeRepo(string name = "repo1", RepoSchedules? schedules = null) =>
        new() { Name = name, Volume = new RepoPvc { VolumeClaimSpec = Claim("1Gi") }, Schedules = schedules };

    public static PgBackRestRepo S3Repo(string name = "repo2", string bucket = "my-bucket") =>
        new() { Name = name, S3 = new RepoS3 { Bucket = bucket, Endpoint = "s3.eu-west-1.amazonaws.com", Region = "eu-west-1" } };

    public static VolumeClaimSpec Claim(string storage) => Support.TestClusters.Claim(storage);

    public static ClusterInputs Inputs(IvoryCluster cluster, int seed = 7, RootCertificateAuthority? rootCa = null) => new()
    {
        Cluster = cluster,
        RootCa = rootCa ?? RootCa,
        Random = new SeededRandomSource(seed),
        Now = Now,
        ExistingInstances = new Dictionary<string, IReadOnlyList<string>>
        {
            ["instance1"] = ["hippo-instance1-zz9x", "hippo-instance1-abcd"],
        },
    };

    /// <summary>The tutorial's repo-host spread: a custom node label, only as a preference, over pgBackRest pods.</summary>
    public static V1TopologySpreadConstraint TutorialConstraint() => new()
    {
        MaxSkew = 1,
        TopologyKey = "my-node-label",
        WhenUnsatisfiable = "ScheduleAnyway",
        LabelSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [Labels.PgBackRest] = "" } },
    };

    public static X509Certificate2 Certificate(byte[] pem) => CertificateChecks.Certificate(pem);

    /// <summary>The chain status of <paramref name="leaf"/> a day after <see cref="Now"/>, with only <paramref name="root"/> trusted.</summary>
    public static X509ChainStatusFlags Verify(X509Certificate2 leaf, X509Certificate2 root, string purposeOid) =>
        CertificateChecks.Verify(leaf, root, purposeOid, Now.AddDays(1));

    public const string ServerAuth = CertificateChecks.ServerAuth;
    public const string ClientAuth = CertificateChecks.ClientAuth;

    public static IReadOnlyList<string> DnsNames(X509Certificate2 certificate) => CertificateChecks.DnsNames(certificate);

    public static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
