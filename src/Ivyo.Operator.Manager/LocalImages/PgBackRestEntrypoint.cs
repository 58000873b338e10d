using Ivyo.Operator.Controllers.Exec;
using k8s;

namespace Ivyo.Operator.Manager.LocalImages;

/// <summary>
/// <c>ivyo-operator pgbackrest-entrypoint</c>: what <c>/opt/crunchy/bin/pgbackrest</c>, the entrypoint of
/// ivory-operator's pgBackRest image, does for a backup Job, for the local cluster, whose <c>pgbackrest</c> image is
/// the host's Debian pgBackRest and has no such program. It finds the one running pod that <c>SELECTOR</c> picks in
/// <c>NAMESPACE</c>, checks (with <c>COMPARE_HASH=true</c>) that the pgBackRest configuration hash there is the Job's
/// own, and runs <c>pgbackrest $COMMAND $COMMAND_OPTS</c> in its <c>CONTAINER</c> through <c>pods/exec</c>, with the
/// Job pod's ServiceAccount (in-cluster configuration). Its output is the command's, and so is its exit code, so that
/// the Job fails when the backup does.
/// <para>
/// It is C# in the operator's build rather than a script around kubectl because <c>kubectl exec</c> reads the pod
/// first (<c>get pods</c>), which the <c>&lt;c&gt;-pgbackrest</c> Role does not allow: like ivory-operator's, it has
/// only <c>list pods</c> and <c>create pods/exec</c>. The local cluster already mounts this build into containers
/// (<c>LocalImages</c>), so the pgBackRest image's entrypoint is a two-line script that runs it.
/// </para>
/// </summary>
internal static class PgBackRestEntrypoint
{
    public const string Subcommand = "pgbackrest-entrypoint";

    public static async Task<int> RunAsync(Func<string, string?> environment, CancellationToken cancellationToken)
    {
        PgBackRestEntrypointRequest request;
        try
        {
            request = PgBackRestEntrypointRequest.FromEnvironment(environment);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
            return 2;
        }

        try
        {
            using var client = new Kubernetes(KubernetesClientConfiguration.InClusterConfig());
            var pods = await client.CoreV1.ListNamespacedPodAsync(request.Namespace, labelSelector: request.Selector, cancellationToken: cancellationToken).ConfigureAwait(false);
            var (pod, problem) = request.Target(pods.Items);
            if (pod is null)
            {
                await Console.Error.WriteLineAsync("error: " + problem).ConfigureAwait(false);
                return 1;
            }

            if (request.CompareHash)
            {
                var own = (await File.ReadAllTextAsync(PgBackRestEntrypointRequest.ConfigHashPath, cancellationToken).ConfigureAwait(false)).Trim();
                var theirs = await new KubernetesPodExecutor(client).ExecAsync(request.Namespace, pod.Metadata.Name, request.Container,
                    ["cat", PgBackRestEntrypointRequest.ConfigHashPath], cancellationToken).ConfigureAwait(false);
                if (theirs.ExitCode != 0 || theirs.Output.Trim() != own)
                {
                    await Console.Error.WriteLineAsync(
                        $"error: the pgBackRest configuration hash in {pod.Metadata.Name} ({request.Container}) is \"{theirs.Output.Trim()}\", this Job's is \"{own}\": the configuration there is not the current one yet {theirs.Error.Trim()}").ConfigureAwait(false);
                    return 1;
                }
            }

            await Console.Out.WriteLineAsync($"Running \"{string.Join(' ', request.PgBackRestCommand)}\" in {request.Namespace}/{pod.Metadata.Name} ({request.Container})").ConfigureAwait(false);
            return await ExecAsync(client, request, pod.Metadata.Name, request.PgBackRestCommand, Console.Out, Console.Error, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is k8s.Autorest.HttpOperationException or System.Net.WebSockets.WebSocketException or KubernetesException
            or k8s.Exceptions.KubeConfigException or IOException or HttpRequestException or PodExecException)
        {
            await Console.Error.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
            return 1;
        }
    }

    /// <summary>
    /// Runs <paramref name="command"/> in the target pod, copying its output as it comes (a backup runs for minutes; the
    /// Job's log follows it, which <see cref="KubernetesPodExecutor"/>, reading to the end, would not); its exit code.
    /// </summary>
    private static Task<int> ExecAsync(Kubernetes client, PgBackRestEntrypointRequest request, string pod, IReadOnlyList<string> command,
        TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        client.NamespacedPodExecAsync(pod, request.Namespace, request.Container, command, tty: false, async (stdin, stdout, stderr) =>
        {
            await Task.WhenAll(CopyAsync(stdout, output, cancellationToken), CopyAsync(stderr, error, cancellationToken)).ConfigureAwait(false);
        }, cancellationToken);

    private static async Task CopyAsync(Stream from, TextWriter to, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(from);
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            await to.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
