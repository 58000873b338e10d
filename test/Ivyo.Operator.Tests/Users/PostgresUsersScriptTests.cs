using Ivyo.Api.V1Beta1;
using Ivyo.Operator.Users;

namespace Ivyo.Operator.Tests.Users;

public sealed class PostgresUsersScriptTests
{
    private static readonly Dictionary<string, string> s_verifiers = new(StringComparer.Ordinal)
    {
        ["hippo"] = "SCRAM-SHA-256$4096:c2FsdA==$a:b",
        ["postgres"] = "SCRAM-SHA-256$4096:c2FsdA==$c:d",
    };

    [Fact]
    public void Each_user_is_created_if_missing_given_its_options_and_verifier_and_its_databases()
    {
        var script = PostgresUsersScript.Build(
            [new IvoryUserSpec { Name = "hippo", Databases = ["zoo", "hippo"], Options = "CREATEDB" }], s_verifiers, 15);

        Assert.StartsWith("\\set ON_ERROR_STOP on\n", script, StringComparison.Ordinal);
        Assert.Contains("SELECT pg_catalog.format('CREATE USER %I', 'hippo') WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'hippo')\n\\gexec\n", script, StringComparison.Ordinal);
        Assert.Contains("ALTER ROLE \"hippo\" WITH CREATEDB PASSWORD 'SCRAM-SHA-256$4096:c2FsdA==$a:b';\n", script, StringComparison.Ordinal);
        Assert.Contains("SELECT pg_catalog.format('CREATE DATABASE %I', 'zoo') WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_database WHERE datname = 'zoo')\n\\gexec\n", script, StringComparison.Ordinal);
        Assert.Contains("GRANT ALL PRIVILEGES ON DATABASE \"hippo\" TO \"hippo\";\n", script, StringComparison.Ordinal);
        Assert.Contains("\\connect 'zoo'\nGRANT ALL PRIVILEGES ON SCHEMA public TO \"hippo\";\n", script, StringComparison.Ordinal);
    }

    [Fact]
    public void The_postgres_user_only_gets_its_password()
    {
        var script = PostgresUsersScript.Build([new IvoryUserSpec { Name = "postgres", Databases = ["ignored"], Options = "NOSUPERUSER" }], s_verifiers, 15);

        Assert.Contains("ALTER ROLE \"postgres\" PASSWORD 'SCRAM-SHA-256$4096:c2FsdA==$c:d';\n", script, StringComparison.Ordinal);
        Assert.DoesNotContain("NOSUPERUSER", script, StringComparison.Ordinal);
        Assert.DoesNotContain("ignored", script, StringComparison.Ordinal);
    }

    [Fact]
    public void Before_postgres_15_the_public_schema_is_left_alone()
    {
        var script = PostgresUsersScript.Build([new IvoryUserSpec { Name = "hippo", Databases = ["hippo"] }], s_verifiers, 14);

        Assert.DoesNotContain("\\connect", script, StringComparison.Ordinal);
        Assert.Contains("ALTER ROLE \"hippo\" PASSWORD", script, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("it's", "'it''s'")]
    [InlineData("plain", "'plain'")]
    public void Literals_double_their_quotes(string value, string expected) => Assert.Equal(expected, PostgresUsersScript.Literal(value));

    [Fact]
    public void Identifiers_double_their_quotes() => Assert.Equal("\"a\"\"b\"", PostgresUsersScript.Identifier("a\"b"));
}
