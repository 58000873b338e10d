using Ivyo.Api.V1Beta1;

namespace Ivyo.Operator.DesiredState;

/// <summary>
/// What the CRD's schema cannot express but the operator must refuse: each problem with its field path, what is wrong
/// and what is allowed. A cluster with any of them is not reconciled (what runs stays as it is); the operator reports
/// them in a Warning event and the <c>SpecValid</c> condition.
/// </summary>
public static class ClusterValidation
{
    public static IReadOnlyList<string> Problems(IvoryCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var problems = new List<string>();
        if (cluster.Spec.Standby is { Enabled: not false } standby)
        {
            if (string.IsNullOrEmpty(standby.Host) && string.IsNullOrEmpty(standby.RepoName))
            {
                problems.Add("spec.standby: Invalid value: enabled with neither host nor repoName: a standby follows a pgBackRest repository "
                    + "(spec.standby.repoName) or streams from a server (spec.standby.host)");
            }

            var repos = cluster.Spec.Backups.PgBackRest.Repos.Select(repo => repo.Name).ToList();
            if (!string.IsNullOrEmpty(standby.RepoName) && !repos.Contains(standby.RepoName))
            {
                problems.Add($"spec.standby.repoName: Not found: \"{standby.RepoName}\": must name one of spec.backups.pgbackrest.repos ({string.Join(", ", repos)})");
            }
        }

        var users = cluster.Spec.Users ?? [];
        for (var i = 0; i < users.Count; i++)
        {
            // The password is the user Secret's; an option that sets one would fight it. ivory-operator documents the
            // rule ("except for PASSWORD") but does not check it.
            if (users[i].Options is { } options && options.Contains("PASSWORD", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"spec.users[{i}].options: Invalid value: \"{options}\": PASSWORD is not allowed; "
                    + $"the password comes from the Secret {cluster.Metadata.Name}-pguser-{users[i].Name}");
            }
        }

        return problems;
    }
}
