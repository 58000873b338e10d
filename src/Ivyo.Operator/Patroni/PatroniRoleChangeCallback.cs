using System.Globalization;
using Ivyo.Api.V1Beta1;
using Ivyo.Operator.Naming;

namespace Ivyo.Operator.Patroni;

/// <summary>
/// Patroni's <c>postgresql.callbacks.on_role_change</c>: once a promoted instance's PostgreSQL accepts writes, wake
/// Patroni's HA loop so that it publishes its address in the leader Endpoints (<c>&lt;c&gt;-ha</c>) at once. This is
/// IVYO's own; ivory-operator configures no callback.
/// </summary>
/// <remarks>
/// <para>
/// Why: Patroni takes the leader lock with the Endpoints' addresses emptied, promotes PostgreSQL, and writes its own
/// address at its next HA cycle. After an unplanned failover nothing wakes that cycle: Patroni polls the control file
/// for the end of the promotion once a second (<c>_wait_promote</c>), so the Service has no endpoint for about a
/// second after PostgreSQL is already writable. A switchover is not affected as much: the failover key's removal
/// already wakes the loop.
/// </para>
/// <para>
/// How: Patroni runs the callback right after <c>pg_ctl promote</c>, with the arguments <c>on_role_change</c>, the new
/// role and the scope. For <c>master</c> (Patroni 3) or <c>primary</c> (Patroni 4) the script asks the local REST API
/// (<c>GET /patroni</c>, whose <c>role</c> comes from <c>pg_is_in_recovery()</c>) every 50 ms until PostgreSQL is a
/// primary, then sends <c>PATCH /config</c> with <c>{"postgresql":{}}</c>. That changes nothing (the dynamic
/// configuration always has a <c>postgresql</c> section, see <see cref="PatroniConfig.DynamicConfiguration"/>), so
/// nothing is written to the DCS, but the handler wakes the HA loop; the loop, still inside the promotion, runs
/// <c>update_lock</c>, which writes the address. It is the only REST call that wakes the loop without an effect.
/// Writing the Endpoints from here (or from the operator) instead would race Patroni's own writes of its lock.
/// </para>
/// <para>
/// The script is Python because Patroni is, so every image that runs Patroni has it; it uses the standard library
/// only, and the instance certificate, which the REST API accepts as a client certificate. It prints one line, to
/// Patroni's output (the container log), saying what it did.
/// </para>
/// </remarks>
public static class PatroniRoleChangeCallback
{
    /// <summary>How long the script waits for PostgreSQL to accept writes before it gives up (Patroni then writes
    /// the address at its next cycle, as without the callback).</summary>
    public const int WaitSeconds = 30;

    /// <summary>The prefix of every line the script prints.</summary>
    public const string LogPrefix = "ivyo on_role_change:";

    /// <summary>The command line of <c>on_role_change</c>. Patroni splits it as a shell would (<c>shlex</c>) and
    /// appends the action, the role and the scope.</summary>
    public static string Command(IvoryCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return "python3 -c '" + Script(PatroniPodParts.PatroniPort(cluster)) + "'";
    }

    /// <summary>The Python program. It has no single quote, so the shell-style quoting of <see cref="Command"/> keeps
    /// it as one argument.</summary>
    public static string Script(int patroniPort)
    {
        const string caFile = Paths.PatroniCertificateAuthorityPath;
        const string certificateFile = Paths.PatroniCertificatePath;
        return string.Create(CultureInfo.InvariantCulture, $$$"""
            import json, ssl, sys, time, urllib.request
            if sys.argv[-2:-1] not in (["master"], ["primary"]):
                sys.exit(0)
            context = ssl.create_default_context(cafile="{{{caFile}}}")
            context.check_hostname = False
            context.load_cert_chain("{{{certificateFile}}}")
            api = "https://127.0.0.1:{{{patroniPort}}}"
            started = time.monotonic()
            while True:
                try:
                    with urllib.request.urlopen(api + "/patroni", context=context, timeout=2) as response:
                        if json.load(response).get("role") in ("master", "primary"):
                            break
                except Exception:
                    pass
                if time.monotonic() - started > {{{WaitSeconds}}}:
                    print("{{{LogPrefix}}} PostgreSQL is not writable after {{{WaitSeconds}}} s; Patroni publishes the leader address at its next cycle", flush=True)
                    sys.exit(0)
                time.sleep(0.05)
            wake = urllib.request.Request(api + "/config", data=json.dumps({"postgresql": {}}).encode(), method="PATCH", headers={"Content-Type": "application/json"})
            urllib.request.urlopen(wake, context=context, timeout=5).close()
            print("{{{LogPrefix}}} PostgreSQL is writable %.2f s after the promotion began; woke Patroni to publish the leader address" % (time.monotonic() - started), flush=True)
            """);
    }
}
