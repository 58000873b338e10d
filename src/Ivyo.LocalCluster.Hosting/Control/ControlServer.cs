using Ivyo.LocalCluster.Hosting.Faults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Ivyo.LocalCluster.Hosting.Control;

/// <summary>
/// The control endpoint of a running local cluster (what <c>ivyo local kill|node|partition|heal</c> talk to): HTTP
/// over a Unix socket, <c>&lt;data&gt;/control.sock</c>, mode 0600 so that only root reaches it. Every operation is
/// a POST that answers in plain text: 200 with what was done, 404 or 409 with why not.
/// </summary>
public sealed class ControlServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ControlServer(WebApplication app, string socketPath)
    {
        _app = app;
        SocketPath = socketPath;
    }

    public string SocketPath { get; }

    public static async Task<ControlServer> StartAsync(ClusterFaults faults, string socketPath, CancellationToken cancellationToken = default)
    {
        File.Delete(socketPath);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenUnixSocket(socketPath));
        var app = builder.Build();
        Map(app, "/kill", (q, ct) => Kill(faults, q, ct));
        Map(app, "/nodes/stop", async (q, ct) =>
        {
            await faults.StopNodeAsync(Required(q, "node"));
            return $"node {q["node"]} stopped";
        });
        Map(app, "/nodes/start", async (q, ct) =>
        {
            await faults.StartNodeAsync(Required(q, "node"), ct);
            return $"node {q["node"]} started";
        });
        Map(app, "/partition/pod", async (q, ct) =>
        {
            await faults.PartitionPodAsync(Namespace(q), Required(q, "pod"), ct);
            return $"pod {Namespace(q)}/{q["pod"]} partitioned";
        });
        Map(app, "/partition/node", async (q, ct) =>
        {
            await faults.PartitionNodeAsync(Required(q, "node"), ct);
            return $"node {q["node"]} partitioned";
        });
        Map(app, "/heal", async (q, ct) =>
        {
            if (q.ContainsKey("pod"))
            {
                return await faults.HealPodAsync(Namespace(q), q["pod"]!, ct) ? $"pod {Namespace(q)}/{q["pod"]} healed" : throw new FaultException($"pod {Namespace(q)}/{q["pod"]} is not partitioned");
            }

            if (q.ContainsKey("node"))
            {
                return await faults.HealNodeAsync(q["node"]!, ct) ? $"node {q["node"]} healed" : throw new FaultException($"node {q["node"]} is not partitioned");
            }

            await faults.HealAllAsync(ct);
            return "every partition healed";
        });
        await app.StartAsync(cancellationToken);
        File.SetUnixFileMode(socketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return new ControlServer(app, socketPath);
    }

    private static async Task<string> Kill(ClusterFaults faults, IQueryCollection query, CancellationToken cancellationToken)
    {
        var container = await faults.KillContainerAsync(Namespace(query), Required(query, "pod"), query["container"].FirstOrDefault() is { Length: > 0 } c ? c : null, cancellationToken);
        return $"container {container} of pod {Namespace(query)}/{query["pod"]} killed";
    }

    private static void Map(WebApplication app, string path, Func<IQueryCollection, CancellationToken, Task<string>> action) =>
        app.MapPost(path, async (HttpContext context) =>
        {
            try
            {
                return Results.Text(await action(context.Request.Query, context.RequestAborted) + "\n");
            }
            catch (FaultException e)
            {
                return Results.Text(e.Message + "\n", statusCode: e.Message.StartsWith("there is no", StringComparison.Ordinal) ? 404 : 409);
            }
        });

    private static string Namespace(IQueryCollection query) => query["namespace"].FirstOrDefault() is { Length: > 0 } ns ? ns : "default";

    private static string Required(IQueryCollection query, string name) =>
        query[name].FirstOrDefault() is { Length: > 0 } value ? value : throw new FaultException($"{name} is required");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        File.Delete(SocketPath);
    }
}
