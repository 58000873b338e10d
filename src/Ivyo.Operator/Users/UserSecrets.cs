using System.Text;
using Ivyo.Api.V1Beta1;
using Ivyo.Operator.DesiredState;
using Ivyo.Operator.Naming;
using k8s.Models;

namespace Ivyo.Operator.Users;

/// <summary>
/// The Secret <c>&lt;c&gt;-pguser-&lt;user&gt;</c> of each user in <c>spec.users</c>: credentials and connection details that
/// applications mount. The password's SCRAM verifier is what IVYO gives PostgreSQL.
/// </summary>
public static class UserSecrets
{
    /// <summary>
    /// The users IVYO manages: <c>spec.users</c>, or when it is absent one user named after the cluster with a
    /// database of the same name, as ivory-operator does. An empty list means no users.
    /// </summary>
    public static IReadOnlyList<IvoryUserSpec> Users(IvoryCluster cluster) =>
        cluster.Spec.Users is { } users
            ? [.. users]
            : [new IvoryUserSpec { Name = cluster.Metadata.Name, Databases = [cluster.Metadata.Name] }];

    /// <summary>
    /// The Secret for <paramref name="user"/>. A password the existing Secret holds is kept (a user may set their own),
    /// with its verifier while that still matches it; otherwise a password is generated.
    /// </summary>
    public static V1Secret Build(ClusterInputs inputs, IvoryUserSpec user)
    {
        var cluster = inputs.Cluster;
        var existing = inputs.ExistingSecret(Names.IvoryUserSecret(inputs.Name, user.Name))?.Data;
        var password = existing is not null && existing.TryGetValue("password", out var stored) && stored.Length > 0
            ? Encoding.UTF8.GetString(stored)
            : PasswordGenerator.Generate(user.Password?.Type, inputs.Random);
        var verifier = existing is not null && existing.TryGetValue("verifier", out var storedVerifier)
            && ScramVerifier.Matches(password, Encoding.UTF8.GetString(storedVerifier))
                ? Encoding.UTF8.GetString(storedVerifier)
                : ScramVerifier.Create(password, Salt(inputs.Random), ScramVerifier.Iterations);
        var host = $"{Names.ClusterPrimaryService(inputs.Name)}.{inputs.Namespace}.svc";
        var port = (cluster.Spec.Port ?? 5432).ToString(System.Globalization.CultureInfo.InvariantCulture);

        var data = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = host,
            ["port"] = port,
            ["user"] = user.Name,
            ["password"] = password,
            ["verifier"] = verifier,
        };

        // The postgres superuser gets no database: ivory-operator ignores its databases.
        var database = user.Name == "postgres" ? null : user.Databases?.FirstOrDefault();
        var path = database is null ? "" : "/" + Uri.EscapeDataString(database);
        data["uri"] = $"postgresql://{Uri.EscapeDataString(user.Name)}:{Uri.EscapeDataString(password)}@{host}:{port}{path}";
        data["jdbc-uri"] = $"jdbc:postgresql://{host}:{port}{path}?password={Uri.EscapeDataString(password)}&user={Uri.EscapeDataString(user.Name)}";
        if (database is not null)
        {
            data["dbname"] = database;
        }

        if (cluster.Spec.Proxy?.PgBouncer is { } pgBouncer)
        {
            var pgBouncerHost = $"{Names.ClusterPgBouncer(inputs.Name)}.{inputs.Namespace}.svc";
            var pgBouncerPort = (pgBouncer.Port ?? 5432).ToString(System.Globalization.CultureInfo.InvariantCulture);
            data["pgbouncer-host"] = pgBouncerHost;
            data["pgbouncer-port"] = pgBouncerPort;
            data["pgbouncer-uri"] = $"postgresql://{Uri.EscapeDataString(user.Name)}:{Uri.EscapeDataString(password)}@{pgBouncerHost}:{pgBouncerPort}{path}";
            data["pgbouncer-jdbc-uri"] = $"jdbc:postgresql://{pgBouncerHost}:{pgBouncerPort}{path}?password={Uri.EscapeDataString(password)}&prepareThreshold=0&user={Uri.EscapeDataString(user.Name)}";
        }

        return new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Type = "Opaque",
            Metadata = Ownership.Metadata(cluster, Names.IvoryUserSecret(inputs.Name, user.Name), new Dictionary<string, string>
            {
                [Labels.Cluster] = inputs.Name,
                [Labels.Role] = Labels.RoleIvoryUser,
                [Labels.IvoryUser] = user.Name,
            }),
            Data = data.ToDictionary(pair => pair.Key, pair => Encoding.UTF8.GetBytes(pair.Value), StringComparer.Ordinal),
        };
    }

    private static byte[] Salt(IRandomSource random)
    {
        var salt = new byte[16];
        for (var i = 0; i < salt.Length; i++)
        {
            salt[i] = (byte)random.Next(256);
        }

        return salt;
    }
}
