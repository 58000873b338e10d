using System.Diagnostics;
using System.Text;
using Ivyo.LocalCluster.NodeAgent.Runtime;

namespace Ivyo.LocalCluster.NodeAgent.Probes;

/// <summary>
/// The exec probe (pkg/probe/exec with the CRI's ExecSync): the command runs inside the container (its namespaces,
/// root, working directory, user and environment); exit code 0 is success, any other a failure whose output is the
/// command's stdout and stderr together (at most 10 KiB). Past <c>timeoutSeconds</c> the command is killed and the
/// probe fails with <c>command "sh -c sleep 10" timed out</c> (the ExecProbeTimeout behaviour, on by default).
/// </summary>
internal sealed class ExecProber(TimeProvider time)
{
    private const int MaxOutput = 10 * 1024;

    public async Task<ProbeOutcome> ProbeAsync(ContainerProcess container, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (command.Count == 0)
        {
            return ProbeOutcome.Error("exec probe has no command");
        }

        var startInfo = container.ExecStartInfo(command);
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        startInfo.RedirectStandardInput = true;
        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new InvalidOperationException("nsenter did not start");
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return ProbeOutcome.Error($"exec into the container failed: {e.Message}");
        }

        using (process)
        {
            process.StandardInput.Close();
            var output = new StringBuilder();
            var copying = Task.WhenAll(CopyAsync(process.StandardOutput, output), CopyAsync(process.StandardError, output));
            using var deadline = new CancellationTokenSource(timeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
            try
            {
                await process.WaitForExitAsync(linked.Token);
            }
            catch (OperationCanceledException)
            {
                // nsenter forks the command into the container's PID namespace: the whole tree goes.
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
                cancellationToken.ThrowIfCancellationRequested();
                return ProbeOutcome.Failure($"command {GoStrings.Quote(string.Join(' ', command))} timed out");
            }

            // A daemon the command left behind may hold the pipes open: its output is not waited for.
            try
            {
                await copying.WaitAsync(TimeSpan.FromSeconds(1), time, CancellationToken.None);
            }
            catch (TimeoutException)
            {
            }

            string text;
            lock (output)
            {
                text = output.ToString();
            }

            return process.ExitCode == 0 ? ProbeOutcome.Success(text) : ProbeOutcome.Failure(text);
        }
    }

    /// <summary>Appends what <paramref name="reader"/> yields to <paramref name="output"/> until it holds 10 KiB, then drains.</summary>
    private static async Task CopyAsync(StreamReader reader, StringBuilder output)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            lock (output)
            {
                output.Append(buffer, 0, Math.Min(read, Math.Max(0, MaxOutput - output.Length)));
            }
        }
    }
}
