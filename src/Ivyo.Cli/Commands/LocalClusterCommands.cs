using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Ivyo.LocalCluster.Hosting;
using Ivyo.LocalCluster.Hosting.Control;
using Ivyo.LocalCluster.Hosting.Hygiene;
using Microsoft.Extensions.Logging;

namespace Ivyo.Cli.Commands;

/// <summary>
/// <c>ivyo local up</c>, <c>run</c>, <c>down</c>, <c>status</c> and <c>kubeconfig</c>: the whole local cluster. <c>run</c> keeps it in the foreground;
/// <c>up</c> starts <c>run</c> in the background (its log in <c>&lt;data&gt;/local.log</c>) and returns once the
/// cluster serves; <c>down</c> stops it, which stops every pod and removes the cluster's network namespace.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal static class LocalClusterCommands
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromMinutes(3);

    public static IEnumerable<Command> Create(TextWriter output)
    {
        var data = new Option<string>("--data") { Description = "The cluster's data directory.", DefaultValueFactory = _ => ".ivyo/local" };
        var nodes = new Option<int>("--nodes") { Description = "How many nodes.", DefaultValueFactory = _ => 3 };
        var port = new Option<int>("--port") { Description = "The API server's port on 127.0.0.1.", DefaultValueFactory = _ => 6443 };
        var operatorDll = new Option<string?>("--operator")
        {
            Description = "The built ivyo-operator.dll that the ivyo image runs (default: the one ./ivyo builds in .ivyo/operator).",
            DefaultValueFactory = _ => OperatorInstall.DefaultOperatorDll(),
        };
        var install = new Option<string>("--install")
        {
            Description = "The kustomization that installs IVYO once the cluster serves, with kubectl apply -k; \"none\" installs nothing.",
            DefaultValueFactory = _ => OperatorInstall.DefaultKustomization(),
        };

        var nodeLabels = new Option<string[]>("--node-labels")
        {
            Description = "Labels for nodes, <node>=<key>=<value>, comma-separated or repeated (e.g. node-2=workload-role=db,node-3=workload-role=db).",
            DefaultValueFactory = _ => [],
        };
        var network = new Option<string>("--network")
        {
            Description = "The name of the cluster's network namespace (one cluster per name on a machine).",
            DefaultValueFactory = _ => "ivyo-local",
        };
        var purge = new Option<bool>("--purge") { Description = "Also remove the data directory: the cluster's objects and every volume's data." };

        var run = new Command("run", "Run the local cluster in the foreground until interrupted.") { data, nodes, port, operatorDll, nodeLabels, network };
        run.SetAction(async (parse, cancellationToken) =>
        {
            var directory = Path.GetFullPath(parse.GetValue(data)!);
            var labels = NodeLabels.Parse(parse.GetValue(nodeLabels) ?? []);
            Directory.CreateDirectory(directory);
            await File.WriteAllTextAsync(NetworkFile(directory), parse.GetValue(network), cancellationToken);
            using var loggers = LoggerFactory.Create(logging => logging.AddSimpleConsole(console => console.TimestampFormat = "HH:mm:ss ")
                .SetMinimumLevel(LogLevel.Information)
                // The API server's ASP.NET Core logs every request at Information; its warnings and errors stay.
                .AddFilter("Microsoft.AspNetCore", LogLevel.Warning));
            await using var cluster = await LocalCluster.Hosting.LocalCluster.StartAsync(new LocalClusterOptions
            {
                DataDirectory = directory,
                Nodes = parse.GetValue(nodes),
                Port = parse.GetValue(port),
                NetworkName = parse.GetValue(network)!,
                NodeLabels = labels,
                OperatorDll = parse.GetValue(operatorDll) is { } dll && File.Exists(dll) ? Path.GetFullPath(dll) : null,
                Loggers = loggers,
            }, cancellationToken);
            await using var control = await ControlServer.StartAsync(cluster.Faults, ControlSocket(directory), cancellationToken);
            await File.WriteAllTextAsync(PidFile(directory), Environment.ProcessId.ToString(CultureInfo.InvariantCulture), cancellationToken);
            await File.WriteAllTextAsync(ReadyFile(directory), cluster.Server.Url.ToString(), cancellationToken);
            await output.WriteLineAsync($"The local cluster serves at {cluster.Server.Url} with {cluster.NodeAgents.Count} nodes.");
            await output.WriteLineAsync($"export KUBECONFIG={cluster.KubeconfigPath}");
            await output.FlushAsync(cancellationToken);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }

            File.Delete(ReadyFile(directory));
            File.Delete(PidFile(directory));
            return ExitCodes.Success;
        });

        var up = new Command("up", "Start the local cluster in the background, install IVYO and wait until it is ready.") { data, nodes, port, operatorDll, install, nodeLabels, network };
        up.SetAction(async (parse, cancellationToken) =>
        {
            var directory = Directory.CreateDirectory(Path.GetFullPath(parse.GetValue(data)!)).FullName;
            if (RunningProcess(directory) is { } running)
            {
                await output.WriteLineAsync($"The local cluster already runs (process {running}).");
                await output.WriteLineAsync($"export KUBECONFIG={Path.Combine(directory, "admin.kubeconfig")}");
                return ExitCodes.Success;
            }

            NodeLabels.Parse(parse.GetValue(nodeLabels) ?? []);
            // What a cluster killed before could have left: its processes, its network namespace, mounts.
            foreach (var leftover in await Leftovers.CleanAsync(directory, await NetworkNameAsync(directory, parse.GetValue(network)!)))
            {
                await output.WriteLineAsync($"Removed a leftover of an earlier run: {leftover}");
            }

            File.Delete(ReadyFile(directory));
            var log = Path.Combine(directory, "local.log");
            var self = typeof(LocalClusterCommands).Assembly.Location;
            var operatorArgument = parse.GetValue(operatorDll) is { } dll ? $" --operator {Quote(Path.GetFullPath(dll))}" : "";
            operatorArgument += $" --network {Quote(parse.GetValue(network)!)}" + string.Concat((parse.GetValue(nodeLabels) ?? []).Select(l => $" --node-labels {Quote(l)}"));
            var command = $"exec {Quote(Environment.ProcessPath!)} {Quote(self)} local run --data {Quote(directory)} " +
                $"--nodes {parse.GetValue(nodes)} --port {parse.GetValue(port)}{operatorArgument} >{Quote(log)} 2>&1 </dev/null";
            // setsid: the cluster outlives this command and the terminal it came from.
            using var started = Process.Start(new ProcessStartInfo("/usr/bin/setsid", ["--fork", "/bin/sh", "-c", command]) { UseShellExecute = false })!;
            await started.WaitForExitAsync(cancellationToken);
            var deadline = DateTime.UtcNow + s_startTimeout;
            while (!File.Exists(ReadyFile(directory)))
            {
                if (DateTime.UtcNow > deadline)
                {
                    await output.WriteLineAsync($"The local cluster did not start within {s_startTimeout.TotalMinutes} minutes; see {log}:");
                    await output.WriteLineAsync(Tail(log));
                    return ExitCodes.Failure;
                }

                await Task.Delay(200, cancellationToken);
            }

            await output.WriteLineAsync($"The local cluster runs with {parse.GetValue(nodes)} nodes (log: {log}).");
            var kubeconfig = Path.Combine(directory, "admin.kubeconfig");
            if (parse.GetValue(install) is { } kustomization && kustomization != "none")
            {
                if (!await new OperatorInstall(kubeconfig, output).InstallAsync(kustomization, cancellationToken))
                {
                    return ExitCodes.Failure;
                }
            }

            await output.WriteLineAsync("Next, after the export below:");
            await output.WriteLineAsync("  kubectl apply -k examples/kustomize/ivory     # the hippo cluster");
            await output.WriteLineAsync("  kubectl get ivoryclusters,pods -n ivory-operator");
            await output.WriteLineAsync($"export KUBECONFIG={kubeconfig}");
            return ExitCodes.Success;
        });

        var down = new Command("down", "Stop the local cluster: every pod, the network namespace, etcd; --purge also removes its data.") { data, purge, network };
        down.SetAction(async (parse, cancellationToken) =>
        {
            var directory = Path.GetFullPath(parse.GetValue(data)!);
            if (RunningProcess(directory) is { } pid)
            {
                await StopAsync(pid);
                await output.WriteLineAsync("The local cluster stopped.");
            }
            else
            {
                await output.WriteLineAsync("The local cluster is not running.");
            }

            // After a normal stop nothing is left; after kill -9 of its process (or a crash) this is what cleans up.
            var networkName = await NetworkNameAsync(directory, parse.GetValue(network)!);
            foreach (var leftover in await Leftovers.CleanAsync(directory, networkName))
            {
                await output.WriteLineAsync($"Removed a leftover: {leftover}");
            }

            if (!Directory.Exists(directory))
            {
                return ExitCodes.Success;
            }

            File.Delete(ControlSocket(directory));
            File.Delete(ReadyFile(directory));
            File.Delete(PidFile(directory));
            if (parse.GetValue(purge))
            {
                Directory.Delete(directory, recursive: true);
                await output.WriteLineAsync($"Removed {directory}.");
            }

            return ExitCodes.Success;
        });

        var status = new Command("status", "Say whether the local cluster runs, where it serves and its kubeconfig.") { data };
        status.SetAction(async (parse, cancellationToken) =>
        {
            var directory = Path.GetFullPath(parse.GetValue(data)!);
            if (RunningProcess(directory) is not { } pid)
            {
                await output.WriteLineAsync($"The local cluster in {directory} is not running (ivyo local up starts it).");
                return ExitCodes.Failure;
            }

            var url = File.Exists(ReadyFile(directory)) ? (await File.ReadAllTextAsync(ReadyFile(directory), cancellationToken)).Trim() : null;
            await output.WriteLineAsync(url is null
                ? $"The local cluster is starting (process {pid}); log: {Path.Combine(directory, "local.log")}"
                : $"The local cluster runs (process {pid}) and serves at {url}; log: {Path.Combine(directory, "local.log")}");
            await output.WriteLineAsync($"export KUBECONFIG={Path.Combine(directory, "admin.kubeconfig")}");
            return ExitCodes.Success;
        });

        var kubeconfig = new Command("kubeconfig", "Print the path of the local cluster's admin kubeconfig (its last line).") { data };
        kubeconfig.SetAction(async (parse, cancellationToken) =>
        {
            var path = Path.Combine(Path.GetFullPath(parse.GetValue(data)!), "admin.kubeconfig");
            if (!File.Exists(path))
            {
                await output.WriteLineAsync($"There is no {path}: the local cluster was never started there (ivyo local up).");
                return ExitCodes.Failure;
            }

            await output.WriteLineAsync(path);
            return ExitCodes.Success;
        });

        return [run, up, down, status, kubeconfig, .. LocalFaultCommands.Create(output, data)];
    }

    /// <summary>SIGTERM, then the pods' grace periods (PostgreSQL's shutdown checkpoint among them), all nodes at once.</summary>
    private static async Task StopAsync(int pid)
    {
        using var process = Process.GetProcessById(pid);
        Process.Start("/bin/kill", ["-TERM", pid.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
        }
    }

    private static string ControlSocket(string directory) => Path.Combine(directory, "control.sock");

    private static string NetworkFile(string directory) => Path.Combine(directory, "network");

    /// <summary>The network namespace the cluster in <paramref name="directory"/> last ran with, else <paramref name="fallback"/>.</summary>
    private static async Task<string> NetworkNameAsync(string directory, string fallback) =>
        File.Exists(NetworkFile(directory)) ? (await File.ReadAllTextAsync(NetworkFile(directory))).Trim() : fallback;

    private static string PidFile(string directory) => Path.Combine(directory, "local.pid");

    private static string ReadyFile(string directory) => Path.Combine(directory, "ready");

    private static int? RunningProcess(string directory)
    {
        if (!File.Exists(PidFile(directory)) || !int.TryParse(File.ReadAllText(PidFile(directory)), CultureInfo.InvariantCulture, out var pid))
        {
            return null;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited ? null : pid;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string Tail(string path) => File.Exists(path) ? string.Join('\n', File.ReadLines(path).TakeLast(30)) : "(no log)";
}
