using Ivyo.Operator.DesiredState;

namespace Ivyo.Operator.PgBackRest;

/// <summary>The PostgreSQL parameters pgBackRest needs: WAL goes to every repository, and comes back from any.</summary>
public static class PgBackRestPostgres
{
    /// <summary>
    /// Parameters that must have these values: <c>archive_mode</c>, <c>archive_command</c> and
    /// <c>restore_command</c> (from the standby repository only, for a standby that follows one).
    /// </summary>
    public static IReadOnlyDictionary<string, string> PostgresParameters(ClusterInputs inputs)
    {
        var restore = $"pgbackrest --stanza={PgBackRestFiles.Stanza} archive-get %f \"%p\"";
        if (inputs.Cluster.Spec.Standby is { Enabled: true, RepoName: { Length: > 0 } repo })
        {
            restore += " --repo=" + PgBackRestBackupJob.RepoIndex(repo);
        }

        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["archive_mode"] = "on",
            ["archive_command"] = $"pgbackrest --stanza={PgBackRestFiles.Stanza} archive-push \"%p\"",
            ["restore_command"] = restore,
        };
    }

    /// <summary>
    /// Parameters with a default the user may change: <c>archive_timeout</c>, so that a quiet primary still ships a
    /// WAL file every minute.
    /// </summary>
    public static IReadOnlyDictionary<string, string> PostgresDefaultParameters(ClusterInputs inputs) =>
        new Dictionary<string, string>(StringComparer.Ordinal) { ["archive_timeout"] = "60s" };
}
