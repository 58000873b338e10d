using System.CommandLine;
using Ivyo.LocalCluster.ApiServer.Hosting;
using Ivyo.LocalCluster.Storage;

namespace Ivyo.Cli.Commands;

/// <summary>
/// <c>ivyo local ...</c>: the local cluster. <c>up</c>, <c>run</c> and <c>down</c> run all of it
/// (<see cref="LocalClusterCommands"/>); <c>apiserver</c> runs the API server alone in the foreground, over the
/// in-memory store or a private etcd.
/// </summary>
public static class LocalCommand
{
    public static Command Create(TextWriter output)
    {
        var local = new Command("local", "The local Kubernetes-compatible cluster.");
        var port = new Option<int>("--port") { Description = "The port to listen on (0: a free one).", DefaultValueFactory = _ => 0 };
        var kubeconfig = new Option<string>("--kubeconfig") { Description = "Where to write the admin kubeconfig.", DefaultValueFactory = _ => ".ivyo/local/admin.kubeconfig" };
        var etcdData = new Option<string?>("--etcd-data")
        {
            Description = "Keep objects in a private etcd with this data directory (durable across restarts) instead of in memory.",
        };
        var apiServer = new Command("apiserver", "Run the API server in the foreground until interrupted.") { port, kubeconfig, etcdData };
        apiServer.SetAction(async (parse, cancellationToken) =>
        {
            await using var etcd = parse.GetValue(etcdData) is { } data ? await EtcdProcess.StartAsync(Path.GetFullPath(data), cancellationToken: cancellationToken) : null;
            IObjectStore? store = etcd is null ? null : await EtcdObjectStore.ConnectAsync(etcd.ClientUrl, cancellationToken);
            await using var server = await ApiServer.StartAsync(new ApiServerOptions { Port = parse.GetValue(port), Store = store }, cancellationToken);
            var path = Path.GetFullPath(parse.GetValue(kubeconfig)!);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, server.AdminKubeconfig, cancellationToken);
            await output.WriteLineAsync($"API server listening on {server.Url}");
            await output.WriteLineAsync($"export KUBECONFIG={path}");
            await output.FlushAsync(cancellationToken);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }

            if (store is not null)
            {
                await store.DisposeAsync();
            }

            return ExitCodes.Success;
        });
        local.Subcommands.Add(apiServer);
        if (OperatingSystem.IsLinux())
        {
            foreach (var command in LocalClusterCommands.Create(output))
            {
                local.Subcommands.Add(command);
            }
        }

        return local;
    }
}
