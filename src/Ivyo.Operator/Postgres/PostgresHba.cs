using Ivyo.Operator.Pki;

namespace Ivyo.Operator.Postgres;

/// <summary>The <c>pg_hba.conf</c> records IVYO itself needs, as ivory-operator's <c>ivory.NewHBAs</c> sets them.</summary>
public static class PostgresHba
{
    /// <summary>The database Patroni connects to for its own queries and <c>pg_rewind</c> (Patroni's <c>postgresql.database</c>).</summary>
    public const string MaintenanceDatabase = "postgres";

    /// <summary>
    /// The superusers that may connect over the local socket as the operating-system user of the same name:
    /// <c>postgres</c> (stock PostgreSQL images run as it) and <c>ivorysql</c> (ivory-operator's rule, for IvorySQL
    /// images). Peer authentication admits only the matching OS user, so the extra line opens nothing.
    /// </summary>
    public static IReadOnlyList<string> LocalSuperusers { get; } = ["postgres", "ivorysql"];

    public static HbaSet Build()
    {
        var hbas = new HbaSet();

        // The superuser must always be able to connect locally; Patroni connects this way.
        // ivory-operator has only "ivorysql" here.
        foreach (var user in LocalSuperusers)
        {
            hbas.AddMandatory(HostBasedAuthentication.Any().Local().User(user).Method("peer"));
        }

        // The replication user always connects over TLS with its certificate. Patroni's pg_rewind connects to the
        // maintenance database as the same user; everything else it tries is rejected. ivory-operator writes
        // "ivorysql" as that database but configures Patroni with "postgres"; IVYO uses "postgres" in both places.
        hbas.AddMandatory(HostBasedAuthentication.Any().Tls().User(CertificateSecrets.ReplicationUser).Method("cert").Replication());
        hbas.AddMandatory(HostBasedAuthentication.Any().Tls().User(CertificateSecrets.ReplicationUser).Method("cert").ToDatabase(MaintenanceDatabase));
        hbas.AddMandatory(HostBasedAuthentication.Any().Tcp().User(CertificateSecrets.ReplicationUser).Method("reject"));

        // Any user, any database, over TLS with a password. "md5" accepts both MD5 and SCRAM-SHA-256 verifiers.
        hbas.AddDefault(HostBasedAuthentication.Any().Tls().Method("md5"));

        return hbas;
    }
}
