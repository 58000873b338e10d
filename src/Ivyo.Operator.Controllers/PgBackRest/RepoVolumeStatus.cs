using System.Text.Json.Nodes;
using Ivyo.Api.V1Beta1;
using Ivyo.Operator.Naming;

using Metadata = Ivyo.ControllerRuntime.Cache.Metadata;

namespace Ivyo.Operator.Controllers.PgBackRest;

/// <summary>
/// ivory-operator's <c>getRepoVolumeStatus</c> for volume repositories: each repository's status records whether its
/// PersistentVolumeClaim is bound (<c>bound</c>) and to which volume (<c>volume</c>). When the claim is bound to
/// another volume than the one recorded (the claim was deleted and IVYO made it again, empty), the repository has
/// neither its stanza nor the replica-create backup any more: both are reset, so that the stanza is created again and
/// a new replica-create backup is taken (a completed Job made for the old volume no longer counts, see
/// <see cref="ReplicaCreateBackup"/>). Entries keep their order; a repository seen for the first time is added.
/// </summary>
internal static class RepoVolumeStatus
{
    /// <summary><paramref name="current"/> (<c>status.pgbackrest.repos</c>) updated from the repositories' claims.</summary>
    public static JsonArray? Update(IvoryCluster cluster, JsonArray? current, IEnumerable<JsonObject> claims)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var volumeRepos = cluster.Spec.Backups.PgBackRest.Repos.Where(repo => repo.Volume is not null).ToList();
        if (volumeRepos.Count == 0)
        {
            return current;
        }

        var repoClaims = claims
            .Where(claim => Metadata.Label(claim, Labels.PgBackRestRepoVolume) is not null && claim["metadata"]?["deletionTimestamp"] is null)
            .ToList();
        var result = current?.DeepClone().AsArray() ?? [];
        foreach (var repo in volumeRepos)
        {
            if (repoClaims.FirstOrDefault(claim => Metadata.Label(claim, Labels.PgBackRestRepo) == repo.Name) is not { } claim)
            {
                continue;
            }

            var status = result.OfType<JsonObject>().FirstOrDefault(s => (string?)s["name"] == repo.Name);
            if (status is null)
            {
                status = new JsonObject { ["name"] = repo.Name };
                result.Add(status);
            }

            var volume = (string?)claim["spec"]?["volumeName"];
            if ((string?)status["volume"] is { Length: > 0 } recorded && !string.IsNullOrEmpty(volume) && recorded != volume)
            {
                status["stanzaCreated"] = false;
                status["replicaCreateBackupComplete"] = false;
            }

            if (!string.IsNullOrEmpty(volume))
            {
                status["volume"] = volume;
            }

            status["bound"] = (string?)claim["status"]?["phase"] == "Bound";
        }

        return result;
    }
}
