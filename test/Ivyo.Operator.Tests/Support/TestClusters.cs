using Ivyo.Api.V1Beta1;
using Ivyo.Operator.DesiredState;
using Ivyo.Operator.Naming;
using Ivyo.Operator.Pki;
using k8s.Models;
using Ivyo.Certificates;

namespace Ivyo.Operator.Tests.Support;

/// <summary>Defaulted clusters, built in C#, for the desired-state tests.</summary>
internal static class TestClusters
{
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<RootCertificateAuthority> s_rootCa = new(() => RootCertificateAuthority.Create(Now));

    public static RootCertificateAuthority RootCa => s_rootCa.Value;

    /// <summary>The tutorial's <c>hippo</c>: one set <c>instance1</c> with two replicas and a volume repository.</summary>
    public static IvoryCluster Hippo(int replicas = 2, string name = "hippo", string ns = "ivory-operator") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Uid = "0b7f5d1e-7a55-4e2c-9d84-1d2f3a4b5c6d" },
        Spec = new IvoryClusterSpec
        {
            Image = "docker.io/ivorysql/ivorysql:ubi9-5.4-5.4-1",
            PostgresVersion = 15,
            Port = 5432,
            Instances =
            [
                new InstanceSet
                {
                    Name = "instance1",
                    Replicas = replicas,
                    DataVolumeClaimSpec = Claim("1Gi"),
                },
            ],
            Patroni = new PatroniSpec { LeaderLeaseDurationSeconds = 30, SyncPeriodSeconds = 10, Port = 8008 },
            Backups = new Backups
            {
                PgBackRest = new PgBackRestArchive
                {
                    Image = "docker.io/ivorysql/pgbackrest:ubi9-2.58.0-5.4-1",
                    Repos = [new PgBackRestRepo { Name = "repo1", Volume = new RepoPvc { VolumeClaimSpec = Claim("1Gi") } }],
                },
            },
        },
    };

    public static VolumeClaimSpec Claim(string storage) => new()
    {
        AccessModes = ["ReadWriteOnce"],
        Resources = new VolumeClaimResources { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new(storage) } },
    };

    public static ClusterInputs Inputs(IvoryCluster? cluster = null, int seed = 1, string? haClusterIp = "10.96.0.10") => new()
    {
        Cluster = cluster ?? Hippo(),
        HaClusterIp = haClusterIp,
        RootCa = RootCa,
        Random = new SeededRandomSource(seed),
        Now = Now,
    };
}
