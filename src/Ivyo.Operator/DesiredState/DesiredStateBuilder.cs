using Ivyo.Operator.Instances;
using Ivyo.Operator.Naming;
using Ivyo.Operator.Patroni;
using Ivyo.Operator.PgBackRest;
using Ivyo.Operator.PgBouncer;
using Ivyo.Operator.Pki;
using Ivyo.Operator.Postgres;
using Ivyo.Operator.Services;
using Ivyo.Operator.Users;
using k8s;
using k8s.Models;

namespace Ivyo.Operator.DesiredState;

/// <summary>
/// Every object one IvoryCluster needs, as the reconciler writes them and <c>ivyo render</c> prints them. This is the
/// one place that assembles the components; each component builds its own objects.
/// </summary>
public static class DesiredStateBuilder
{
    public static DesiredState Build(ClusterInputs inputs)
    {
        var cluster = inputs.Cluster;
        if (ClusterValidation.Problems(cluster) is { Count: > 0 } problems)
        {
            throw new InvalidOperationException(string.Join("; ", problems));
        }

        var image = cluster.Spec.Image ?? inputs.DefaultImages.IvorySql
            ?? throw new InvalidOperationException(
                $"spec.image is not set and the operator has no RELATED_IMAGE_IVORY_{cluster.Spec.PostgresVersion} for postgresVersion {cluster.Spec.PostgresVersion}");

        var objects = new List<IKubernetesObject<V1ObjectMeta>>();

        // PostgreSQL settings, to which pgBackRest (archiving) and PgBouncer (its auth rule) contribute.
        var parameters = PostgresParameters.Build(cluster, inputs.Images, image);
        parameters.AddMandatory(PgBackRestPostgres.PostgresParameters(inputs));
        parameters.AddDefaults(PgBackRestPostgres.PostgresDefaultParameters(inputs));
        var hba = PostgresHba.Build();
        if (cluster.Spec.Proxy?.PgBouncer is not null)
        {
            hba.AddMandatory(PgBouncerPostgres.HbaRules);
        }

        // Cluster-wide objects.
        objects.Add(PatroniConfigMaps.Cluster(cluster, parameters, hba));
        objects.Add(ClusterServices.Pods(cluster));
        objects.Add(ClusterServices.Leader(cluster));
        objects.Add(ClusterServices.DistributedConfiguration(cluster));
        objects.Add(ClusterServices.Primary(cluster));
        if (ClusterServices.PrimaryEndpoints(cluster, inputs.HaClusterIp) is { } endpoints)
        {
            objects.Add(endpoints);
        }

        objects.Add(ClusterServices.Replicas(cluster));
        objects.Add(InstanceRbac.ServiceAccount(cluster));
        objects.Add(InstanceRbac.Role(cluster, PatroniRbac.InstanceRules(cluster)));
        objects.Add(InstanceRbac.RoleBinding(cluster));
        objects.Add(CertificateSecrets.Root(cluster, inputs.RootCa));
        if (cluster.Spec.CustomTLSSecret is null)
        {
            objects.Add(CertificateSecrets.ClusterServer(inputs));
        }

        if (cluster.Spec.CustomReplicationTLSSecret is null)
        {
            objects.Add(CertificateSecrets.ReplicationClient(inputs));
        }

        objects.AddRange(UserSecrets.Users(cluster).Select(user => UserSecrets.Build(inputs, user)));

        // Instances.
        var instances = InstanceNames.Plan(cluster, inputs.ExistingInstances, inputs.Random);
        foreach (var instance in instances)
        {
            objects.AddRange(Instance(inputs, instance, image, inputs.InstancePods));
        }

        foreach (var set in cluster.Spec.Instances)
        {
            if (InstanceSetDisruptionBudget.Build(cluster, set) is { } budget)
            {
                objects.Add(budget);
            }
        }

        // pgBackRest and PgBouncer.
        var pgBackRest = PgBackRestObjects.Build(inputs, inputs.DefaultImages.PgBackRest, inputs.ExistingSecret(Names.PgBackRestSecret(inputs.Name)), instanceNames: instances.Select(instance => instance.Name), instancePodsExist: inputs.InstancePods > 0);
        objects.Add(pgBackRest.ConfigMap);
        AddIfPresent(objects, pgBackRest.Secret);
        objects.Add(pgBackRest.ServiceAccount);
        objects.Add(pgBackRest.Role);
        objects.Add(pgBackRest.RoleBinding);
        AddIfPresent(objects, pgBackRest.RepoHost);
        objects.AddRange(pgBackRest.RepoVolumes);
        objects.AddRange(pgBackRest.CronJobs);

        if (PgBouncerObjects.Build(inputs, inputs.DefaultImages.PgBouncer, inputs.ExistingSecret(Names.ClusterPgBouncer(inputs.Name))) is { } pgBouncer)
        {
            objects.Add(pgBouncer.ConfigMap);
            objects.Add(pgBouncer.Secret);
            objects.Add(pgBouncer.Deployment);
            objects.Add(pgBouncer.Service);
            AddIfPresent(objects, pgBouncer.DisruptionBudget);
        }

        return new DesiredState(objects, instances,
            PatroniConfig.DynamicConfiguration(cluster, cluster.Spec.Patroni?.DynamicConfiguration, parameters, hba));
    }

    /// <summary>The objects of one instance: its StatefulSet, volumes, Patroni configuration and certificates.</summary>
    private static IEnumerable<IKubernetesObject<V1ObjectMeta>> Instance(ClusterInputs inputs, InstanceRef instance, string image, int runningInstances)
    {
        var cluster = inputs.Cluster;
        var pod = InstancePod.Build(inputs, instance, image);
        var statefulSet = InstanceStatefulSet.Build(inputs, instance, pod, runningInstances);
        var template = statefulSet.Spec.Template;
        PgBackRestInstancePod.AddToInstancePod(inputs, template, inputs.DefaultImages.PgBackRest);
        PatroniPodParts.AddToInstancePod(inputs, instance.Set, instance.Name, template);
        InstancePod.AddScratchVolumes(template.Spec);

        var certificates = CertificateSecrets.Instance(inputs, instance.SetName, instance.Name);
        PgBackRestInstancePod.AddToInstanceCertificates(inputs, certificates);

        yield return statefulSet;
        yield return PatroniConfigMaps.Instance(cluster, instance.Set, instance.Name, PgBackRestReplicaCreateCommand.For(inputs));
        yield return certificates;
        yield return InstanceVolumes.Data(cluster, instance);
        if (InstanceVolumes.Wal(cluster, instance) is { } wal)
        {
            yield return wal;
        }

        foreach (var tablespace in InstanceVolumes.Tablespaces(cluster, instance))
        {
            yield return tablespace;
        }
    }

    private static void AddIfPresent(List<IKubernetesObject<V1ObjectMeta>> objects, IKubernetesObject<V1ObjectMeta>? item)
    {
        if (item is not null)
        {
            objects.Add(item);
        }
    }
}

/// <summary>
/// The objects of a cluster, the instances they were planned for, and Patroni's dynamic configuration (what
/// <c>bootstrap.dcs</c> holds, and what the running cluster's DCS must hold).
/// </summary>
public sealed record DesiredState(
    IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Objects,
    IReadOnlyList<InstanceRef> Instances,
    System.Text.Json.Nodes.JsonObject PatroniDynamicConfiguration);
