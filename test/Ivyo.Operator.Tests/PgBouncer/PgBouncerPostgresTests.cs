using Ivyo.Operator.PgBouncer;

namespace Ivyo.Operator.Tests.PgBouncer;

public sealed class PgBouncerPostgresTests
{
    [Fact]
    public void Pgbouncer_role_gets_in_over_tls_only()
    {
        Assert.Equal(
            ["hostssl all \"_ivorypgbouncer\" all scram-sha-256", "host all \"_ivorypgbouncer\" all reject"],
            PgBouncerPostgres.HbaRules);
    }

    [Fact]
    public void Enable_sql_sets_the_verifier_and_the_auth_function()
    {
        var sql = PgBouncerPostgres.EnableSql("SCRAM-SHA-256$4096:c2FsdA==$it's:key");

        Assert.Contains("ALTER ROLE \"_ivorypgbouncer\" LOGIN PASSWORD 'SCRAM-SHA-256$4096:c2FsdA==$it''s:key';", sql, StringComparison.Ordinal);
        Assert.Contains("CREATE OR REPLACE FUNCTION \"pgbouncer\".get_auth(username TEXT)", sql, StringComparison.Ordinal);
        Assert.Contains("NOT pg_authid.rolsuper", sql, StringComparison.Ordinal);
        Assert.Contains("GRANT EXECUTE ON FUNCTION \"pgbouncer\".get_auth(username TEXT) TO \"_ivorypgbouncer\";", sql, StringComparison.Ordinal);
        Assert.StartsWith("SET client_min_messages = WARNING;\nBEGIN;", sql, StringComparison.Ordinal);
        Assert.EndsWith("COMMIT;", sql, StringComparison.Ordinal);
        Assert.Contains("DROP SCHEMA IF EXISTS \"pgbouncer\" CASCADE;", PgBouncerPostgres.DisableSql(), StringComparison.Ordinal);
        Assert.Contains("DROP ROLE IF EXISTS \"_ivorypgbouncer\";", PgBouncerPostgres.DropRoleSql(), StringComparison.Ordinal);
    }
}
