using Ivyo.Operator.DesiredState;
using Ivyo.Operator.Naming;
using Ivyo.Operator.Pki;
using k8s.Models;

namespace Ivyo.Operator.PgBackRest;

/// <summary>
/// What pgBackRest adds to an instance pod and its certificate Secret. With a repo host, each instance runs a
/// pgBackRest TLS server (the <c>pgbackrest</c> container) so that the repo host can reach PostgreSQL's files, and a
/// <c>pgbackrest-config</c> sidecar that reloads it. Every instance gets the configuration volume at
/// <c>/etc/pgbackrest/conf.d</c>, mounted into <c>database</c> for <c>archive_command</c> and restores.
/// </summary>
public static class PgBackRestInstancePod
{
    /// <summary>
    /// Adds pgBackRest to an instance pod. Call after the base pod (containers <c>database</c> etc. and the data, WAL
    /// and tablespace volumes) and before the /tmp volume is mounted into every container. The instance is read from
    /// the template's <see cref="Labels.Instance"/> label.
    /// </summary>
    /// <param name="inputs">The cluster.</param>
    /// <param name="template">The instance pod template, changed in place.</param>
    /// <param name="defaultImage">The pgBackRest image when the cluster names none; only needed with a repo host.</param>
    public static void AddToInstancePod(ClusterInputs inputs, V1PodTemplateSpec template, string? defaultImage = null)
    {
        var cluster = inputs.Cluster;
        template.Spec ??= new V1PodSpec { Containers = [] };
        var pod = template.Spec;

        if (RepoHostStatefulSet.Enabled(cluster))
        {
            string? instance = null;
            if (template.Metadata?.Labels?.TryGetValue(Labels.Instance, out instance) != true || string.IsNullOrEmpty(instance))
            {
                throw new ArgumentException($"The instance pod template has no {Labels.Instance} label.", nameof(template));
            }

            var certificates = new V1SecretProjection
            {
                Name = Names.InstanceCertificates(instance),
                Items =
                [
                    new V1KeyToPath { Key = PgBackRestFiles.InstanceServerCertificateKey, Path = PgBackRestFiles.ServerCertificatePath },
                    new V1KeyToPath { Key = PgBackRestFiles.InstanceServerPrivateKeyKey, Path = PgBackRestFiles.ServerPrivateKeyPath, Mode = PgBackRestFiles.PrivateKeyMode },
                ],
            };
            PgBackRestPodParts.AddServer(cluster, pod, certificates, cluster.Spec.Backups.PgBackRest.Sidecars?.PgBackRest?.Resources,
                PgBackRestImage.Resolve(cluster, defaultImage));
        }

        PgBackRestPodParts.AddConfigVolume(pod, PgBackRestPodParts.InstanceConfigSources(cluster));
    }

    /// <summary>
    /// Adds the TLS server's certificate and key to an instance's certificate Secret (see
    /// <see cref="CertificateSecrets.Instance"/>) when the cluster has a repo host. They are the instance's own
    /// certificate, under the keys the <c>pgbackrest</c> container projects.
    /// </summary>
    public static void AddToInstanceCertificates(ClusterInputs inputs, V1Secret instanceCertificates)
    {
        if (!RepoHostStatefulSet.Enabled(inputs.Cluster) || instanceCertificates.Data is not { } data)
        {
            return;
        }

        if (data.TryGetValue(CertificateSecrets.InstanceCertificateKey, out var certificate)
            && data.TryGetValue(CertificateSecrets.InstancePrivateKeyKey, out var key))
        {
            data[PgBackRestFiles.InstanceServerCertificateKey] = certificate;
            data[PgBackRestFiles.InstanceServerPrivateKeyKey] = key;
        }
    }
}
