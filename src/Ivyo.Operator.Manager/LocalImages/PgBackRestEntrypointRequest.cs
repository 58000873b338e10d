using k8s.Models;

namespace Ivyo.Operator.Manager.LocalImages;

/// <summary>
/// What a backup Job asks of the pgBackRest image's entrypoint, from the environment ivory-operator gives it
/// (<c>PgBackRestBackupJob</c>): <c>COMMAND</c> and <c>COMMAND_OPTS</c> (the pgBackRest command line),
/// <c>COMPARE_HASH</c>, <c>CONTAINER</c>, <c>NAMESPACE</c> and <c>SELECTOR</c> (the pod and container to run it in).
/// </summary>
public sealed record PgBackRestEntrypointRequest(string Command, IReadOnlyList<string> Options, bool CompareHash, string Container, string Namespace, string Selector)
{
    /// <summary>Where the pgBackRest configuration's hash is, in the Job's pod and in the target's container alike.</summary>
    public const string ConfigHashPath = "/etc/pgbackrest/conf.d/config-hash";

    /// <summary>The request, or an <see cref="ArgumentException"/> naming what is missing.</summary>
    public static PgBackRestEntrypointRequest FromEnvironment(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        string Required(string name) => environment(name) is { Length: > 0 } value
            ? value
            : throw new ArgumentException($"{name} is not set: the backup Job gives COMMAND, COMMAND_OPTS, COMPARE_HASH, CONTAINER, NAMESPACE and SELECTOR.");

        return new PgBackRestEntrypointRequest(
            Required("COMMAND"),
            (environment("COMMAND_OPTS") ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries),
            string.Equals(environment("COMPARE_HASH"), "true", StringComparison.OrdinalIgnoreCase),
            Required("CONTAINER"),
            Required("NAMESPACE"),
            Required("SELECTOR"));
    }

    /// <summary>The command run in the target container: <c>pgbackrest $COMMAND $COMMAND_OPTS</c>.</summary>
    public IReadOnlyList<string> PgBackRestCommand => ["pgbackrest", Command, .. Options];

    /// <summary>The one running pod that <see cref="Selector"/> picked, or why there is none to run in.</summary>
    public (V1Pod? Pod, string? Problem) Target(IEnumerable<V1Pod> pods)
    {
        ArgumentNullException.ThrowIfNull(pods);
        var running = pods.Where(pod => pod.Status?.Phase == "Running" && pod.Metadata.DeletionTimestamp is null).ToList();
        return running.Count == 1
            ? (running[0], null)
            : (null, $"expected one running pod matching \"{Selector}\" in namespace {Namespace}, found {running.Count}" +
                (running.Count > 1 ? ": " + string.Join(", ", running.Select(pod => pod.Metadata.Name)) : ""));
    }
}
