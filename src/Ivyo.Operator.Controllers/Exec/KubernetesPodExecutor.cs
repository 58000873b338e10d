using k8s;

namespace Ivyo.Operator.Controllers.Exec;

/// <summary>
/// <c>pods/exec</c> through the API server with KubernetesClient's WebSocket client: no stdin and no TTY, stdout and
/// stderr read to their ends at once (a command that fills one pipe must not block on the other), and the exit code
/// from the status channel.
/// </summary>
public sealed class KubernetesPodExecutor(IKubernetes client) : IPodExecutor
{
    public async Task<PodExecResult> ExecAsync(string @namespace, string pod, string container, IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        var output = "";
        var error = "";
        try
        {
            var exitCode = await client.NamespacedPodExecAsync(pod, @namespace, container, command, tty: false,
                async (stdin, stdout, stderr) =>
                {
                    using var outReader = new StreamReader(stdout);
                    using var errReader = new StreamReader(stderr);
                    var reads = await Task.WhenAll(outReader.ReadToEndAsync(cancellationToken), errReader.ReadToEndAsync(cancellationToken)).ConfigureAwait(false);
                    (output, error) = (reads[0], reads[1]);
                }, cancellationToken).ConfigureAwait(false);
            return new PodExecResult(exitCode, output, error);
        }
        catch (Exception e) when (e is k8s.Autorest.HttpOperationException or System.Net.WebSockets.WebSocketException or KubernetesException or IOException)
        {
            throw new PodExecException($"exec in {@namespace}/{pod} ({container}) failed: {e.Message}", e);
        }
    }
}
