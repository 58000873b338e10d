namespace Ivyo.Operator.Postgres;

/// <summary>
/// One <c>pg_hba.conf</c> record, built fluently: <c>HostBasedAuthentication.Any().Tls().User("x").Method("cert")</c>.
/// The text form (<see cref="ToString"/>) matches ivory-operator's, quoting user and database names.
/// </summary>
public sealed record HostBasedAuthentication
{
    private HostBasedAuthentication()
    {
    }

    /// <summary><c>local</c>, <c>host</c>, <c>hostssl</c> or <c>hostnossl</c>.</summary>
    public string Origin { get; private init; } = "";

    public string Database { get; private init; } = "all";

    public string UserName { get; private init; } = "all";

    public string Address { get; private init; } = "all";

    public string AuthenticationMethod { get; private init; } = "";

    public string Options { get; private init; } = "";

    /// <summary>A record that matches every database, network and user; its origin and method are still to be set.</summary>
    public static HostBasedAuthentication Any() => new();

    /// <summary>Connections over UNIX-domain sockets.</summary>
    public HostBasedAuthentication Local() => this with { Origin = "local" };

    /// <summary>TCP/IP connections, with or without TLS.</summary>
    public HostBasedAuthentication Tcp() => this with { Origin = "host" };

    /// <summary>TCP/IP connections with TLS.</summary>
    public HostBasedAuthentication Tls() => this with { Origin = "hostssl" };

    /// <summary>TCP/IP connections without TLS.</summary>
    public HostBasedAuthentication NoTls() => this with { Origin = "hostnossl" };

    public HostBasedAuthentication ToDatabase(string name) => this with { Database = Quote(name) };

    /// <summary>Physical replication connections.</summary>
    public HostBasedAuthentication Replication() => this with { Database = "replication" };

    public HostBasedAuthentication User(string name) => this with { UserName = Quote(name) };

    /// <summary>Users that are members of a role.</summary>
    public HostBasedAuthentication Role(string name) => this with { UserName = "+" + Quote(name) };

    /// <summary>Clients from a block of addresses in CIDR notation.</summary>
    public HostBasedAuthentication Network(string block) => this with { Address = Quote(block) };

    /// <summary>Clients in any subnet the server is directly connected to.</summary>
    public HostBasedAuthentication SameNetwork() => this with { Address = "samenet" };

    public HostBasedAuthentication Method(string name) => this with { AuthenticationMethod = name };

    /// <summary>Options of the authentication method, written in key order (ivory-operator's order is random).</summary>
    public HostBasedAuthentication WithOptions(IReadOnlyDictionary<string, string> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var text = string.Join(' ', options.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => pair.Key + "=" + Quote(pair.Value)));
        return this with { Options = text };
    }

    /// <summary>The record as one line of <c>pg_hba.conf</c>, without a newline.</summary>
    public override string ToString()
    {
        var fields = Origin == "local"
            ? new[] { Origin, Database, UserName, AuthenticationMethod, Options }
            : [Origin, Database, UserName, Address, AuthenticationMethod, Options];
        return string.Join(' ', fields.Where(field => field.Length > 0));
    }

    private static string Quote(string value) => "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
