using System.Security.Cryptography;
using System.Text;
using Ivyo.Api.V1Beta1;
using Ivyo.Operator.Controllers.Events;
using Ivyo.Operator.Controllers.Exec;
using Ivyo.Operator.Controllers.IvoryClusters;
using Ivyo.Operator.Controllers.Patroni;
using Ivyo.Operator.Naming;
using Ivyo.Operator.Users;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Ivyo.Operator.Controllers.Postgres;

/// <summary>
/// Creates the roles and databases of <c>spec.users</c> in PostgreSQL, with the SCRAM verifiers of the user Secrets
/// as passwords, by running <see cref="PostgresUsersScript"/> with psql in the primary's <c>database</c> container.
/// <c>status.usersRevision</c> holds a hash of the last script that ran to completion, so the script runs again only
/// when a user, an option, a database or a password changes (or on a new cluster).
/// </summary>
internal sealed partial class PostgresUsersStep(IPodExecutor executor, EventRecorder events, ILogger logger)
{
    /// <summary>The users revision after this pass: the current one when nothing ran.</summary>
    public async Task<string?> RunAsync(IvoryCluster cluster, ClusterSnapshot snapshot, IEnumerable<V1Secret> userSecrets, string? currentRevision,
        EventSubject subject, CancellationToken cancellationToken)
    {
        var verifiers = userSecrets
            .Where(secret => secret.Metadata.Labels?.ContainsKey(Labels.IvoryUser) == true && secret.Data?.ContainsKey("verifier") == true)
            .ToDictionary(secret => secret.Metadata.Labels[Labels.IvoryUser], secret => Encoding.UTF8.GetString(secret.Data["verifier"]), StringComparer.Ordinal);
        var users = UserSecrets.Users(cluster);
        var script = PostgresUsersScript.Build(users, verifiers, cluster.Spec.PostgresVersion);
        var revision = Revision(script);
        if (revision == currentRevision)
        {
            return currentRevision;
        }

        // Only a primary that is ready accepts the writes; a pod event brings the next pass when one is.
        if (InstancePods.ReadyPrimary(snapshot.Pods) is not { } primary)
        {
            return currentRevision;
        }

        var result = await executor.ExecAsync(cluster.Metadata.NamespaceProperty, primary.Metadata.Name, Names.ContainerDatabase,
            ["bash", "-ceu", "--", "printf '%s' \"$1\" | psql -Xw --quiet --no-psqlrc --dbname=postgres --file=-", "-", script], cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            // The script holds password verifiers: report psql's error, never the script.
            var message = $"creating users and databases in {primary.Metadata.Name} failed with {result.Describe()}";
            await events.WarningAsync(subject, "UsersFailed", message, cancellationToken).ConfigureAwait(false);
            throw new PodExecException(message);
        }

        LogUsers(logger, users.Count, cluster.Metadata.NamespaceProperty, cluster.Metadata.Name, primary.Metadata.Name);
        await events.NormalAsync(subject, "UsersReconciled",
            $"Created or updated {users.Count} user(s) and their databases in PostgreSQL through {primary.Metadata.Name}", cancellationToken).ConfigureAwait(false);
        return revision;
    }

    /// <summary>A short hash of the script, as ivory-operator's revisions are short hashes.</summary>
    private static string Revision(string script) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(script)))[..16];

    [LoggerMessage(Level = LogLevel.Information, Message = "Wrote {Count} user(s) of {Namespace}/{Cluster} in PostgreSQL through {Pod}")]
    private static partial void LogUsers(ILogger logger, int count, string? @namespace, string cluster, string pod);
}
