using Ivyo.Operator.Postgres;

namespace Ivyo.Operator.Tests.Postgres;

public sealed class PostgresHbaTests
{
    [Fact]
    public void Mandatory_records_let_superusers_in_locally_and_replication_by_certificate_only()
    {
        var hbas = PostgresHba.Build();

        Assert.Equal(
        [
            "local all \"postgres\" peer",
            "local all \"ivorysql\" peer",
            "hostssl replication \"_ivoryrepl\" all cert",
            "hostssl \"postgres\" \"_ivoryrepl\" all cert",
            "host all \"_ivoryrepl\" all reject",
        ], hbas.Mandatory);
    }

    [Fact]
    public void Default_record_allows_passwords_over_tls()
    {
        Assert.Equal(["hostssl all all all md5"], PostgresHba.Build().Default);
    }

    [Fact]
    public void Other_components_append_mandatory_lines_after_ivyos()
    {
        var hbas = PostgresHba.Build();

        hbas.AddMandatory(["hostssl all \"_ivorypgbouncer\" all scram-sha-256", "host all \"_ivorypgbouncer\" all reject"]);

        Assert.Equal("local all \"postgres\" peer", hbas.Mandatory[0]);
        Assert.Equal("host all \"_ivorypgbouncer\" all reject", hbas.Mandatory[^1]);
    }

    [Fact]
    public void Records_format_like_pg_hba_conf()
    {
        Assert.Equal("local all all peer", HostBasedAuthentication.Any().Local().Method("peer").ToString());
        Assert.Equal("host all all all trust", HostBasedAuthentication.Any().Tcp().Method("trust").ToString());
        Assert.Equal("hostnossl \"app\" +\"ad\"\"min\" samenet reject",
            HostBasedAuthentication.Any().NoTls().ToDatabase("app").Role("ad\"min").SameNetwork().Method("reject").ToString());
        Assert.Equal("hostssl all \"u\" \"10.0.0.0/8\" ldap ldapport=\"389\" ldapserver=\"ldap\"",
            HostBasedAuthentication.Any().Tls().User("u").Network("10.0.0.0/8").Method("ldap")
                .WithOptions(new Dictionary<string, string> { ["ldapserver"] = "ldap", ["ldapport"] = "389" }).ToString());
    }

    [Fact]
    public void Records_are_immutable()
    {
        var any = HostBasedAuthentication.Any();
        var local = any.Local().Method("peer");

        Assert.Equal("", any.Origin);
        Assert.Equal("local", local.Origin);
    }
}
