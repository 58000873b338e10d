using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ivyo.LocalCluster.Storage;

/// <summary>
/// A private single-member etcd server, for tests and <c>ivyo local</c>: listens on 127.0.0.1 only (client and peer URL
/// on free ports), keeps its data in the given directory, and is killed — the whole process tree — on dispose.
/// </summary>
/// <remarks>
/// etcd runs with its durable defaults: it fsyncs its write-ahead log before acknowledging a write (no
/// <c>--unsafe-no-fsync</c>), and auto-compaction is off (the API server decides). Only the raft timers are shortened
/// (<c>--heartbeat-interval 50 --election-timeout 250</c>), which a single member can afford and which makes it ready
/// in about 0.1 s instead of 1 s. <c>ETCD_*</c> environment variables are not passed on, and <c>/etc/default/etcd</c>
/// plays no part. etcd outlives this process only if this process dies without disposing it.
/// </remarks>
public sealed class EtcdProcess : IAsyncDisposable, IDisposable
{
    /// <summary>Where Debian's <c>etcd-server</c> package installs etcd.</summary>
    public const string DefaultExecutable = "/usr/bin/etcd";

    private const int StartAttempts = 3;
    private const int RememberedOutputLines = 40;
    private static readonly TimeSpan s_readyTimeout = TimeSpan.FromSeconds(30);

    private readonly string _executable;
    private readonly ILogger _logger;
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;
    private int _clientPort;
    private int _peerPort;

    private EtcdProcess(string executable, string dataDirectory, ILogger logger)
    {
        _executable = executable;
        DataDirectory = dataDirectory;
        _logger = logger;
    }

    public string DataDirectory { get; }

    /// <summary>The URL clients connect to, <c>http://127.0.0.1:{port}</c>.</summary>
    public Uri ClientUrl => new($"http://127.0.0.1:{_clientPort.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>The etcd process' id, while it runs.</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("etcd is not running.");

    /// <summary>
    /// Starts etcd on <paramref name="dataDirectory"/> (created with mode 0700 if missing) and waits until it serves
    /// requests. Throws <see cref="FileNotFoundException"/> when etcd is not installed.
    /// </summary>
    public static async Task<EtcdProcess> StartAsync(
        string dataDirectory,
        ILogger<EtcdProcess>? logger = null,
        string executable = DefaultExecutable,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        if (!File.Exists(executable))
        {
            throw new FileNotFoundException(
                $"etcd is not installed at {executable}. Run scripts/install-prerequisites.sh (it installs Debian's etcd-server package).",
                executable);
        }

        var etcd = new EtcdProcess(executable, Path.GetFullPath(dataDirectory), logger ?? NullLogger<EtcdProcess>.Instance);
        PrepareDataDirectory(etcd.DataDirectory);
        for (var attempt = 1; ; attempt++)
        {
            (etcd._clientPort, etcd._peerPort) = FreePorts();
            try
            {
                await etcd.LaunchAsync(cancellationToken).ConfigureAwait(false);
                return etcd;
            }
            catch (EtcdExitedException) when (attempt < StartAttempts && etcd.OutputMentions("address already in use"))
            {
                // Another process took a port between choosing and binding it: choose again.
            }
            catch
            {
                etcd.Kill();
                throw;
            }
        }
    }

    /// <summary>Kills etcd with SIGKILL (no shutdown), as a crash would, and waits until it is gone.</summary>
    public void Kill()
    {
        var process = _process;
        _process = null;
        if (process is null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.WaitForExit();
            EtcdProcessLog.Killed(_logger, process.Id);
        }
        catch (InvalidOperationException)
        {
            // It had already exited.
        }
        finally
        {
            process.Dispose();
        }
    }

    /// <summary>Kills etcd if it runs, then starts it again on the same data directory and ports.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        Kill();
        try
        {
            await LaunchAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Kill();
            throw;
        }
    }

    public void Dispose() => Kill();

    public ValueTask DisposeAsync()
    {
        Kill();
        return ValueTask.CompletedTask;
    }

    private static void PrepareDataDirectory(string path)
    {
        const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else if (Directory.Exists(path))
        {
            File.SetUnixFileMode(path, OwnerOnly); // etcd insists on 0700.
        }
        else
        {
            Directory.CreateDirectory(path, OwnerOnly);
        }
    }

    private static (int Client, int Peer) FreePorts()
    {
        using var client = new TcpListener(IPAddress.Loopback, 0);
        using var peer = new TcpListener(IPAddress.Loopback, 0);
        client.Start();
        peer.Start();
        return (((IPEndPoint)client.LocalEndpoint).Port, ((IPEndPoint)peer.LocalEndpoint).Port);
    }

    private async Task LaunchAsync(CancellationToken cancellationToken)
    {
        _output.Clear();
        var client = ClientUrl.ToString().TrimEnd('/');
        var peer = $"http://127.0.0.1:{_peerPort.ToString(CultureInfo.InvariantCulture)}";
        // bash starts a small watchdog and then execs etcd in its own place, so the process we hold *is* etcd. The
        // watchdog kills etcd when this process is gone, even after kill -9 (which runs no cleanup here).
        // PR_SET_PDEATHSIG is not used: it fires when the forking *thread* exits, and .NET forks from pool threads
        // that come and go.
        var startInfo = new ProcessStartInfo("/bin/bash")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add(
            "parent=$1; shift; self=$$; " +
            "( while kill -0 \"$parent\" 2>/dev/null && kill -0 \"$self\" 2>/dev/null; do sleep 0.5; done; " +
            "kill -9 \"$self\" 2>/dev/null ) </dev/null >/dev/null 2>&1 & exec \"$@\"");
        startInfo.ArgumentList.Add("etcd-watchdog");
        startInfo.ArgumentList.Add(Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        startInfo.ArgumentList.Add(_executable);
        foreach (var argument in (string[])[
            "--name", "ivyo",
            "--data-dir", DataDirectory,
            "--listen-client-urls", client,
            "--advertise-client-urls", client,
            "--listen-peer-urls", peer,
            "--initial-advertise-peer-urls", peer,
            "--initial-cluster", $"ivyo={peer}",
            "--initial-cluster-state", "new",
            "--heartbeat-interval", "50",
            "--election-timeout", "250",
            "--logger", "zap",
            "--log-outputs", "stderr",
            "--log-level", "warn",
        ])
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var name in startInfo.Environment.Keys.Where(name => name.StartsWith("ETCD_", StringComparison.Ordinal)).ToList())
        {
            startInfo.Environment.Remove(name);
        }

        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, line) => Remember(line.Data);
        process.ErrorDataReceived += (_, line) => Remember(line.Data);
        process.Start();
        _process = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await WaitUntilReadyAsync(process, cancellationToken).ConfigureAwait(false);
        EtcdProcessLog.Started(_logger, process.Id, client, DataDirectory);
    }

    private async Task WaitUntilReadyAsync(Process process, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var health = new Uri(ClientUrl, "/health");
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                throw new EtcdExitedException(
                    $"etcd exited with code {process.ExitCode.ToString(CultureInfo.InvariantCulture)} while starting; it wrote:\n{string.Join('\n', _output)}");
            }

            try
            {
                // /health answers true once etcd has a leader and serves reads.
                var body = await http.GetStringAsync(health, cancellationToken).ConfigureAwait(false);
                if (body.Contains("\"true\"", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The request timed out.
            }

            if (deadline.Elapsed > s_readyTimeout)
            {
                throw new TimeoutException($"etcd did not become ready within {s_readyTimeout}; it wrote:\n{string.Join('\n', _output)}");
            }

            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }
    }

    private bool OutputMentions(string text) => _output.Any(line => line.Contains(text, StringComparison.OrdinalIgnoreCase));

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        EtcdProcessLog.Output(_logger, line);
        _output.Enqueue(line);
        while (_output.Count > RememberedOutputLines)
        {
            _output.TryDequeue(out _);
        }
    }

    private sealed class EtcdExitedException(string message) : Exception(message);
}
