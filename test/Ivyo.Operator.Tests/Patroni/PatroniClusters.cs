using Ivyo.Api.V1Beta1;
using Ivyo.Operator.DesiredState;
using Ivyo.Operator.Naming;
using Ivyo.Operator.Pki;
using k8s.Models;
using Ivyo.Certificates;

namespace Ivyo.Operator.Tests.Patroni;

/// <summary>Defaulted IvoryClusters, as the reconciler hands them to the builders.</summary>
internal static class PatroniClusters
{
    public const string IvoryImage = "docker.io/ivorysql/ivorysql:ubi8-3.0-2.1-1";
    public const string StockImage = "docker.io/library/postgres:15";

    public static IvoryCluster Hippo(int postgresVersion = 15) => new()
    {
        Metadata = new V1ObjectMeta { Name = "hippo", NamespaceProperty = "zoo", Uid = "uid-1" },
        Spec = new IvoryClusterSpec
        {
            PostgresVersion = postgresVersion,
            Port = 5432,
            Instances = [new InstanceSet { Name = "00", Replicas = 1 }],
            Patroni = new PatroniSpec { LeaderLeaseDurationSeconds = 30, SyncPeriodSeconds = 10, Port = 8008 },
        },
    };

    public static ClusterInputs Inputs(IvoryCluster cluster) => new()
    {
        Cluster = cluster,
        RootCa = s_sharedRootCa.Value,
        Random = new SeededRandomSource(1),
        Now = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero),
    };

    private static readonly Lazy<RootCertificateAuthority> s_sharedRootCa =
        new(() => RootCertificateAuthority.Create(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero)));
}
