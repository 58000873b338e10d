using System.Text;
using Ivyo.Api.V1Beta1;

namespace Ivyo.Operator.Users;

/// <summary>
/// The psql script that makes PostgreSQL's roles and databases match <c>spec.users</c>, as ivory-operator's
/// <c>WriteUsersInPostgreSQL</c> and <c>CreateDatabasesInPostgreSQL</c> do: each role exists (created able to log in), has the
/// user's <c>options</c> and the SCRAM verifier from its Secret as its password; each of its databases exists and the
/// role has every privilege on it. On PostgreSQL 15 and later, where <c>public</c> no longer lets everyone create, the
/// role also gets every privilege on the <c>public</c> schema of its databases, so that it can "connect and create
/// objects" as the field's documentation promises. The script only adds: a user or database removed from the spec
/// stays, as in ivory-operator.
/// </summary>
public static class PostgresUsersScript
{
    /// <summary>The script; <paramref name="verifiers"/> holds each user's SCRAM verifier by user name.</summary>
    public static string Build(IEnumerable<IvoryUserSpec> users, IReadOnlyDictionary<string, string> verifiers, int postgresVersion)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(verifiers);
        var script = new StringBuilder();
        script.Append("\\set ON_ERROR_STOP on\n");
        script.Append("SET client_min_messages = WARNING;\n");
        var grants = new List<(string Database, string Role)>();
        foreach (var user in users)
        {
            var role = Identifier(user.Name);
            var verifier = verifiers.TryGetValue(user.Name, out var value) ? value : null;
            // CREATE USER: a new role can log in; options may say otherwise.
            script.Append(Invariant($"SELECT pg_catalog.format('CREATE USER %I', {Literal(user.Name)}) WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = {Literal(user.Name)})\n\\gexec\n"));
            if (user.Name == "postgres")
            {
                // The superuser keeps its attributes; only its password follows the Secret.
                if (verifier is not null)
                {
                    script.Append(Invariant($"ALTER ROLE {role} PASSWORD {Literal(verifier)};\n"));
                }

                continue;
            }

            script.Append(Invariant($"ALTER ROLE {role}"));
            if (!string.IsNullOrWhiteSpace(user.Options))
            {
                script.Append(" WITH ").Append(user.Options.Trim());
            }

            if (verifier is not null)
            {
                script.Append(" PASSWORD ").Append(Literal(verifier));
            }

            script.Append(";\n");
            foreach (var database in user.Databases ?? [])
            {
                script.Append(Invariant($"SELECT pg_catalog.format('CREATE DATABASE %I', {Literal(database)}) WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_database WHERE datname = {Literal(database)})\n\\gexec\n"));
                script.Append(Invariant($"GRANT ALL PRIVILEGES ON DATABASE {Identifier(database)} TO {role};\n"));
                grants.Add((database, user.Name));
            }
        }

        if (postgresVersion >= 15)
        {
            foreach (var database in grants.GroupBy(grant => grant.Database, StringComparer.Ordinal))
            {
                script.Append("\\connect ").Append(MetaArgument(database.Key)).Append('\n');
                foreach (var (_, role) in database)
                {
                    script.Append(Invariant($"GRANT ALL PRIVILEGES ON SCHEMA public TO {Identifier(role)};\n"));
                }
            }
        }

        return script.ToString();
    }

    /// <summary>A quoted SQL identifier.</summary>
    public static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>A quoted SQL string literal (standard_conforming_strings is on since PostgreSQL 9.1).</summary>
    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>A psql meta-command argument in single quotes, where a quote is doubled and a backslash escaped.</summary>
    private static string MetaArgument(string value) =>
        "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
