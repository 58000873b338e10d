namespace Ivyo.Operator.PgBouncer;

/// <summary>
/// What PgBouncer needs inside PostgreSQL: a login role that may only run <c>pgbouncer.get_auth</c>, a SECURITY
/// DEFINER function that returns the password verifier of ordinary users (never superusers, replication roles, or
/// PgBouncer itself), and HBA rules that let the role in over TLS only.
/// </summary>
public static class PgBouncerPostgres
{
    /// <summary>The role PgBouncer logs in as (ivory-operator's <c>_highgopgbouncer</c>, named like IVYO's <c>_ivoryrepl</c>).</summary>
    public const string User = "_ivorypgbouncer";

    /// <summary>The schema that holds <c>get_auth</c>.</summary>
    public const string Schema = "pgbouncer";

    /// <summary>Mandatory pg_hba.conf rules while PgBouncer is enabled: SCRAM over TLS, nothing else over the network.</summary>
    public static IReadOnlyList<string> HbaRules =>
    [
        $"hostssl all \"{User}\" all scram-sha-256",
        $"host all \"{User}\" all reject",
    ];

    /// <summary>
    /// SQL to run in every database (and template1) while PgBouncer is enabled; <paramref name="verifier"/> is the
    /// role's SCRAM verifier from the PgBouncer Secret. Idempotent, in one transaction.
    /// </summary>
    public static string EnableSql(string verifier) => string.Join('\n',
        "SET client_min_messages = WARNING;",
        "BEGIN;",
        $"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = {Literal(User)}) THEN CREATE ROLE {Identifier(User)} NOLOGIN; END IF; END $$;",
        // Only the one schema: take back anything granted elsewhere, such as on "public".
        "DO $$ DECLARE s name; BEGIN FOR s IN SELECT nspname FROM pg_catalog.pg_namespace"
            + $" WHERE pg_catalog.has_schema_privilege({Literal(User)}, oid, 'CREATE, USAGE') AND nspname NOT IN ('pg_catalog', {Literal(Schema)})"
            + $" LOOP EXECUTE pg_catalog.format('REVOKE ALL PRIVILEGES ON SCHEMA %I FROM %I', s, {Literal(User)}); END LOOP; END $$;",
        $"CREATE SCHEMA IF NOT EXISTS {Identifier(Schema)};",
        $"REVOKE ALL PRIVILEGES ON SCHEMA {Identifier(Schema)} FROM PUBLIC, {Identifier(User)};",
        $"GRANT USAGE ON SCHEMA {Identifier(Schema)} TO {Identifier(User)};",
        $"CREATE OR REPLACE FUNCTION {Identifier(Schema)}.get_auth(username TEXT) RETURNS TABLE(username TEXT, password TEXT) AS "
            + Literal(string.Join(' ',
                "SELECT rolname::TEXT, rolpassword::TEXT FROM pg_catalog.pg_authid",
                "WHERE pg_authid.rolname = $1 AND pg_authid.rolcanlogin AND NOT pg_authid.rolsuper AND NOT pg_authid.rolreplication",
                $"AND pg_authid.rolname <> {Literal(User)}",
                "AND (pg_authid.rolvaliduntil IS NULL OR pg_authid.rolvaliduntil >= CURRENT_TIMESTAMP)"))
            + " LANGUAGE SQL STABLE SECURITY DEFINER;",
        $"REVOKE ALL PRIVILEGES ON FUNCTION {Identifier(Schema)}.get_auth(username TEXT) FROM PUBLIC, {Identifier(User)};",
        $"GRANT EXECUTE ON FUNCTION {Identifier(Schema)}.get_auth(username TEXT) TO {Identifier(User)};",
        $"ALTER ROLE {Identifier(User)} SET search_path TO {Identifier(Schema)};",
        $"ALTER ROLE {Identifier(User)} LOGIN PASSWORD {Literal(verifier)};",
        "COMMIT;");

    /// <summary>SQL to run in every database once PgBouncer is removed; the role itself is dropped afterwards (<see cref="DropRoleSql"/>).</summary>
    public static string DisableSql() => string.Join('\n',
        "SET client_min_messages = WARNING;",
        "BEGIN;",
        $"DROP FUNCTION IF EXISTS {Identifier(Schema)}.get_auth(username TEXT);",
        $"DROP SCHEMA IF EXISTS {Identifier(Schema)} CASCADE;",
        $"DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = {Literal(User)}) THEN DROP OWNED BY {Identifier(User)} CASCADE; END IF; END $$;",
        "COMMIT;");

    /// <summary>SQL to run once, in any database, after <see cref="DisableSql"/> ran in all of them.</summary>
    public static string DropRoleSql() => $"SET client_min_messages = WARNING; DROP ROLE IF EXISTS {Identifier(User)};";

    private static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string Identifier(string value) =>
        "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
