using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Ivyo.LocalCluster.NodeAgent.Runtime;

namespace Ivyo.LocalCluster.NodeAgent.KubeletApi;

/// <summary>What an exec request asks for (the query of <c>/exec/...</c>, from <c>kubectl exec</c>).</summary>
public sealed record ExecRequest(IReadOnlyList<string> Command, bool Stdin, bool Stdout, bool Stderr, bool Tty);

/// <summary>
/// Runs one exec over an accepted WebSocket: the command in the container's namespaces, stdin from channel 0,
/// stdout and stderr to channels 1 and 2, and the result as a <c>Status</c> on channel 3, a non-zero exit code as
/// reason <c>NonZeroExitCode</c>, which kubectl turns into its own exit code.
/// </summary>
public sealed class ExecSession(WebSocket socket, ExecRequest request)
{
    private readonly SemaphoreSlim _send = new(1, 1);

    public async Task RunAsync(ContainerProcess container, CancellationToken cancellationToken)
    {
        var startInfo = container.ExecStartInfo(request.Tty ? WithTerminal(request.Command) : request.Command);
        startInfo.RedirectStandardInput = true;
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;

        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new InvalidOperationException("nsenter did not start");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            await FinishAsync(Failure("InternalError", $"error executing command {Quoted(request.Command)}: {e.Message}", null), cancellationToken);
            return;
        }

        using (process)
        {
            if (!request.Stdin)
            {
                process.StandardInput.Close();
            }

            var stdout = PumpAsync(process.StandardOutput.BaseStream, StreamChannels.Stdout, request.Stdout, cancellationToken);
            var stderr = PumpAsync(process.StandardError.BaseStream, StreamChannels.Stderr, request.Stderr, cancellationToken);
            // Not cancelled when the command ends: cancelling a pending WebSocket receive aborts the socket, and the
            // status must still go out. The client answers our close, which ends this loop.
            var input = ReceiveAsync(process, cancellationToken);
            try
            {
                await process.WaitForExitAsync(cancellationToken);
                await Task.WhenAll(stdout, stderr);
            }
            catch (OperationCanceledException)
            {
                // The client went away: the command goes too.
                process.Kill(entireProcessTree: true);
                throw;
            }

            var status = process.ExitCode == 0
                ? new JsonObject { ["metadata"] = new JsonObject(), ["status"] = "Success" }
                : Failure("NonZeroExitCode",
                    $"command terminated with non-zero exit code: error executing command {Quoted(request.Command)}, exit code {process.ExitCode}",
                    process.ExitCode);
            await FinishAsync(status, cancellationToken);
            try
            {
                await input.WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            }
            catch (TimeoutException)
            {
                socket.Abort();
            }
        }
    }

    /// <summary>Ends the session with an error before anything ran (no such container, not running).</summary>
    public Task FailAsync(string message, CancellationToken cancellationToken) => FinishAsync(Failure("InternalError", message, null), cancellationToken);

    private async Task FinishAsync(JsonObject status, CancellationToken cancellationToken)
    {
        await SendAsync(StreamChannels.Error, Encoding.UTF8.GetBytes(status.ToJsonString()), cancellationToken);
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
    }

    private static JsonObject Failure(string reason, string message, int? exitCode)
    {
        var status = new JsonObject { ["metadata"] = new JsonObject(), ["status"] = "Failure", ["message"] = message, ["reason"] = reason };
        if (exitCode is { } code)
        {
            status["details"] = new JsonObject
            {
                ["causes"] = new JsonArray(new JsonObject { ["reason"] = "ExitCode", ["message"] = code.ToString(System.Globalization.CultureInfo.InvariantCulture) }),
            };
        }

        return status;
    }

    /// <summary>Go's %v of a []string, as kubelet messages print commands: <c>[sh -c exit 3]</c>.</summary>
    private static string Quoted(IReadOnlyList<string> command) => "[" + string.Join(' ', command) + "]";

    /// <summary>
    /// A terminal for <c>kubectl exec -t</c>: script(1) from util-linux gives the command a pseudo-terminal, so
    /// programs such as psql behave interactively. Its output is one stream, as a TTY's is.
    /// </summary>
    private static IReadOnlyList<string> WithTerminal(IReadOnlyList<string> command) =>
        ["/usr/bin/script", "--quiet", "--return", "--command", string.Join(' ', command.Select(Shell.Quote)), "/dev/null"];

    private async Task PumpAsync(Stream output, byte channel, bool wanted, CancellationToken cancellationToken)
    {
        var buffer = new byte[32 * 1024];
        int read;
        while ((read = await output.ReadAsync(buffer.AsMemory(1, buffer.Length - 1), cancellationToken)) > 0)
        {
            if (wanted)
            {
                buffer[0] = channel;
                await SendFrameAsync(buffer.AsMemory(0, read + 1), cancellationToken);
            }
        }
    }

    private async Task SendAsync(byte channel, byte[] payload, CancellationToken cancellationToken)
    {
        var frame = new byte[payload.Length + 1];
        frame[0] = channel;
        payload.CopyTo(frame, 1);
        await SendFrameAsync(frame, cancellationToken);
    }

    private async Task SendFrameAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        await _send.WaitAsync(cancellationToken);
        try
        {
            await socket.SendAsync(frame, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _send.Release();
        }
    }

    /// <summary>
    /// Client messages until the client closes: stdin data, v5's close of stdin, terminal resizes (ignored: script
    /// sizes itself).
    /// </summary>
    private async Task ReceiveAsync(Process process, CancellationToken cancellationToken)
    {
        var buffer = new byte[32 * 1024];
        var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    CloseStdin(process);
                    return;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                var frame = message.ToArray();
                message.SetLength(0);
                if (frame.Length > 1 && request.Stdin)
                {
                    await ForwardAsync(process, frame, cancellationToken);
                }
            }
        }
        catch (WebSocketException)
        {
            CloseStdin(process);
        }
    }

    private static async Task ForwardAsync(Process process, byte[] frame, CancellationToken cancellationToken)
    {
        try
        {
            switch (frame[0])
            {
                case StreamChannels.Stdin:
                    await process.StandardInput.BaseStream.WriteAsync(frame.AsMemory(1), cancellationToken);
                    await process.StandardInput.BaseStream.FlushAsync(cancellationToken);
                    break;
                case StreamChannels.Close when frame[1] == StreamChannels.Stdin:
                    CloseStdin(process);
                    break;
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The command closed its stdin or ended; what the client still sends goes nowhere, as on a real node.
        }
    }

    private static void CloseStdin(Process process)
    {
        try
        {
            process.StandardInput.Close();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The command is already gone.
        }
    }
}
