using Ivyo.Api.V1Beta1;
using Ivyo.Operator.Tests.PgBackRest;

namespace Ivyo.Operator.Tests.PgBouncer;

/// <summary>Defaulted clusters with PgBouncer, as the tutorial's <c>hippo</c> with <c>proxy.pgBouncer</c>.</summary>
internal static class ProxyClusters
{
    public const string Image = "docker.io/ivorysql/pgbouncer:ubi8-1.21-2.0";

    public static IvoryCluster Hippo(int replicas = 1, int port = 5432)
    {
        var cluster = BackupClusters.Hippo(BackupClusters.VolumeRepo());
        cluster.Spec.Proxy = new Proxy { PgBouncer = new PgBouncerPod { Replicas = replicas, Port = port } };
        return cluster;
    }

    public static PgBouncerPod PgBouncer(this IvoryCluster cluster) => cluster.Spec.Proxy!.PgBouncer;
}
