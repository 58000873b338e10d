using System.Globalization;
using System.Text;
using Ivyo.Api.V1Beta1;
using Ivyo.Operator.Naming;

namespace Ivyo.Operator.PgBouncer;

/// <summary>
/// The generated <c>pgbouncer.ini</c>. It first includes the (by default empty) user file, then sets ivory-operator's
/// defaults: clients must use TLS, PgBouncer verifies the primary's certificate, users authenticate with the password
/// PostgreSQL has for them (through <c>auth_query</c>), and one <c>*</c> pool reaches <c>&lt;c&gt;-primary</c>.
/// <c>config.global</c> overrides any setting but <c>conffile</c>; <c>config.databases</c>, when not empty, replaces
/// the <c>*</c> pool; <c>config.users</c> adds a <c>[users]</c> section.
/// </summary>
public static class PgBouncerIni
{
    public static string Build(IvoryCluster cluster)
    {
        var pgBouncer = cluster.Spec.Proxy?.PgBouncer
            ?? throw new ArgumentException("The cluster has no spec.proxy.pgBouncer.", nameof(cluster));
        var config = pgBouncer.Config;

        var global = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            // Applications such as the JDBC driver send extra_float_digits; it should not split pools.
            ["ignore_startup_parameters"] = "extra_float_digits",

            ["auth_file"] = PgBouncerFiles.AuthFile,
            ["auth_query"] = "SELECT username, password from pgbouncer.get_auth($1)",
            ["auth_user"] = PgBouncerPostgres.User,

            ["client_tls_sslmode"] = "require",
            ["client_tls_cert_file"] = PgBouncerFiles.FrontendCertificateFile,
            ["client_tls_key_file"] = PgBouncerFiles.FrontendPrivateKeyFile,
            ["client_tls_ca_file"] = PgBouncerFiles.FrontendCaFile,

            ["listen_addr"] = "*",
            ["listen_port"] = (pgBouncer.Port ?? 5432).ToString(CultureInfo.InvariantCulture),

            ["server_tls_sslmode"] = "verify-full",
            ["server_tls_ca_file"] = PgBouncerFiles.BackendCaFile,

            // No Unix socket: the root filesystem stays read-only.
            ["unix_socket_dir"] = "",
        };
        foreach (var (key, value) in config?.Global ?? new Dictionary<string, string>())
        {
            global[key] = value;
        }

        // The user cannot bypass this file.
        global["conffile"] = PgBouncerFiles.IniFile;

        var databases = config?.Databases is { Count: > 0 } custom
            ? new SortedDictionary<string, string>(custom, StringComparer.Ordinal)
            : new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["*"] = "host=" + Names.ClusterPrimaryService(cluster.Metadata.Name) + " port="
                    + (cluster.Spec.Port ?? 5432).ToString(CultureInfo.InvariantCulture),
            };

        var builder = new StringBuilder(PgBouncerFiles.GeneratedWarning)
            .Append("\n[pgbouncer]\n%include ").Append(PgBouncerFiles.EmptyFile).Append('\n')
            .Append("\n[pgbouncer]\n");
        Append(builder, global);
        builder.Append("\n[databases]\n");
        Append(builder, databases);
        if (config?.Users is { Count: > 0 } users)
        {
            builder.Append("\n[users]\n");
            Append(builder, new SortedDictionary<string, string>(users, StringComparer.Ordinal));
        }

        return builder.ToString();
    }

    /// <summary>PgBouncer's user database: the one user PgBouncer logs in as, with its password, each field quoted.</summary>
    public static string AuthFile(string password) => Quote(PgBouncerPostgres.User) + " " + Quote(password) + "\n";

    private static string Quote(string value) => "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static void Append(StringBuilder builder, SortedDictionary<string, string> settings)
    {
        foreach (var (key, value) in settings)
        {
            builder.Append(key).Append(value.Length == 0 ? " =" : " = " + value).Append('\n');
        }
    }
}
