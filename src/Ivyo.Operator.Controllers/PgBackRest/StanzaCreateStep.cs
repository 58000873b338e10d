using System.Text.Json.Nodes;
using Ivyo.Api.V1Beta1;
using Ivyo.Operator.Controllers.Events;
using Ivyo.Operator.Controllers.Exec;
using Ivyo.Operator.Controllers.IvoryClusters;
using Ivyo.Operator.Controllers.Patroni;
using Ivyo.Operator.Naming;
using Ivyo.Operator.PgBackRest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Ivyo.Operator.Controllers.PgBackRest;

/// <summary>
/// Creates the pgBackRest stanza in every repository once the cluster runs, as ivory-operator does: in the primary's
/// <c>database</c> container, <c>pgbackrest stanza-create</c>, after checking that the pod sees the configuration
/// the operator last wrote (its <c>config-hash</c>). Until the stanza exists, WAL archiving fails ("archive.info
/// missing"). The outcome is <c>status.pgbackrest.repos[].stanzaCreated</c>, with the options hash of cloud
/// repositories, so that a changed bucket creates the stanza again.
/// </summary>
internal sealed partial class StanzaCreateStep(IPodExecutor executor, EventRecorder events, ILogger logger)
{
    // Arguments: the expected hash, the stanza. The pod's file lags a ConfigMap change by up to a kubelet sync.
    private const string Script = """
        declare -r hash="$1" stanza="$2"
        if [[ "$(< /etc/pgbackrest/conf.d/config-hash)" != "${hash}" ]]; then
          printf >&2 'the pgBackRest configuration in this pod is not the current one yet'; exit 1
        fi
        pgbackrest stanza-create --stanza="${stanza}"
        """;

    /// <summary>
    /// The repositories' status after this pass (<c>status.pgbackrest.repos</c>): <paramref name="current"/> when
    /// nothing needed doing or nothing could be done yet.
    /// </summary>
    public async Task<JsonArray?> RunAsync(IvoryCluster cluster, ClusterSnapshot snapshot, JsonArray? current, EventSubject subject, CancellationToken cancellationToken)
    {
        var repos = cluster.Spec.Backups?.PgBackRest?.Repos ?? [];
        if (repos.Count == 0)
        {
            return current;
        }

        var hashes = PgBackRestConfigHash.ByRepo(cluster);
        var statuses = repos.Select(repo => Status(current, repo.Name)).ToList();
        var created = repos.Select((repo, i) => (bool?)statuses[i]?["stanzaCreated"] == true
            && (string?)statuses[i]?["repoOptionsHash"] == hashes.GetValueOrDefault(repo.Name)).ToList();
        if (created.All(done => done))
        {
            return current;
        }

        // The primary must accept writes, and a repository host must be up to answer it.
        if (InstancePods.ReadyPrimary(snapshot.Pods) is not { } primary
            || (repos.Any(repo => repo.Volume is not null) && !snapshot.Pods.Any(pod => IsReadyRepoHost(pod, cluster.Metadata.Name))))
        {
            return current;
        }

        var result = await executor.ExecAsync(cluster.Metadata.NamespaceProperty, primary.Metadata.Name, Names.ContainerDatabase,
            ["bash", "-ceu", "--", Script, "-", PgBackRestConfigHash.Compute(cluster), PgBackRestFiles.Stanza], cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            var message = $"pgbackrest stanza-create in {primary.Metadata.Name} failed with {result.Describe()}";
            await events.WarningAsync(subject, "UnableToCreateStanzas", message, cancellationToken).ConfigureAwait(false);
            throw new PodExecException(message);
        }

        LogCreated(logger, cluster.Metadata.NamespaceProperty, cluster.Metadata.Name, primary.Metadata.Name);
        await events.NormalAsync(subject, "StanzasCreated", $"pgBackRest stanza {PgBackRestFiles.Stanza} created in {string.Join(", ", repos.Select(r => r.Name))}",
            cancellationToken).ConfigureAwait(false);
        return [.. repos.Select((repo, i) =>
        {
            var status = statuses[i]?.DeepClone().AsObject() ?? new JsonObject { ["name"] = repo.Name };
            status["stanzaCreated"] = true;
            status["repoOptionsHash"] = hashes.GetValueOrDefault(repo.Name);
            return (JsonNode)status;
        })];
    }

    private static JsonObject? Status(JsonArray? current, string repo) =>
        current?.OfType<JsonObject>().FirstOrDefault(status => (string?)status["name"] == repo);

    private static bool IsReadyRepoHost(V1Pod pod, string cluster) =>
        pod.Metadata.DeletionTimestamp is null && InstancePods.IsReady(pod)
        && pod.Metadata.Labels?.ContainsKey(Labels.PgBackRestDedicated) == true
        && InstancePods.Value(pod.Metadata.Labels, Labels.Cluster) == cluster;

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the pgBackRest stanza of {Namespace}/{Cluster} through {Pod}")]
    private static partial void LogCreated(ILogger logger, string? @namespace, string cluster, string pod);
}
