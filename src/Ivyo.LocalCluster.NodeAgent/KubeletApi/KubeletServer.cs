using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Ivyo.LocalCluster.NodeAgent.Logs;
using Ivyo.LocalCluster.NodeAgent.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ivyo.LocalCluster.NodeAgent.KubeletApi;

/// <summary>
/// The kubelet's HTTPS API, the part the API server proxies to: <c>/containerLogs/{ns}/{pod}/{container}</c> for
/// <c>kubectl logs</c> and <c>/exec/{ns}/{pod}/{container}</c> (WebSocket, <c>v5.channel.k8s.io</c>) for
/// <c>kubectl exec</c>. Only the API server's client certificate is served. Errors are plain text with an HTTP
/// code, which the API server turns into a <c>Status</c>, as a real kubelet's are.
/// </summary>
public sealed class KubeletServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private KubeletServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    /// <summary>The port the Node object advertises in <c>status.daemonEndpoints.kubeletEndpoint.Port</c>.</summary>
    public int Port { get; }

    public static async Task<KubeletServer> StartAsync(KubeletServerOptions options, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(options.Address, options.Port, listen => listen.UseHttps(https =>
        {
            https.ServerCertificate = options.ServingCertificate;
            https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
            https.ClientCertificateValidation = (certificate, _, _) => Allowed(certificate, options);
        })));
        builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, Hosting.EmbeddedLifetime>();
        var app = builder.Build();
        app.UseWebSockets();
        app.Run(context => HandleAsync(context, options));
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new KubeletServer(app, new Uri(address).Port);
    }

    private static bool Allowed(X509Certificate2 certificate, KubeletServerOptions options) =>
        Certificates.CertificateChains.ChainsTo(certificate, options.ClientAuthority)
        && options.AllowedClients.Contains(certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false));

    private static async Task HandleAsync(HttpContext context, KubeletServerOptions options)
    {
        var segments = (context.Request.Path.Value ?? "/").Trim('/').Split('/');
        var cancellationToken = context.RequestAborted;
        try
        {
            switch (segments)
            {
                case ["healthz"]:
                    await context.Response.WriteAsync("ok", cancellationToken);
                    break;
                case ["containerLogs", var ns, var pod, var container]:
                    await LogsAsync(context, options, ns, pod, container, cancellationToken);
                    break;
                case ["exec", var ns, var pod, var container]:
                    await ExecAsync(context, options, ns, pod, container, cancellationToken);
                    break;
                default:
                    await ErrorAsync(context, HttpStatusCode.NotFound, "404 page not found");
                    break;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The API server (and its client) went away.
        }
    }

    private static async Task LogsAsync(HttpContext context, KubeletServerOptions options, string ns, string pod, string container, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        ContainerInstance process;
        if (Flag(query, "previous"))
        {
            if (options.Containers.FindPrevious(ns, pod, container) is not { } previous)
            {
                await ErrorAsync(context, HttpStatusCode.BadRequest, $"previous terminated container \"{container}\" in pod \"{pod}\" not found");
                return;
            }

            process = previous;
        }
        else if (options.Containers.Find(ns, pod, container) is { } current)
        {
            process = current;
        }
        else
        {
            await ErrorAsync(context, HttpStatusCode.BadRequest, $"container \"{container}\" in pod \"{pod}\" is waiting to start: ContainerCreating");
            return;
        }

        DateTimeOffset? since = null;
        if (long.TryParse(query["sinceSeconds"], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            since = options.Time.GetUtcNow().AddSeconds(-seconds);
        }
        else if (DateTimeOffset.TryParse(query["sinceTime"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var sinceTime))
        {
            since = sinceTime;
        }

        var logOptions = new ContainerLogOptions
        {
            Follow = Flag(query, "follow"),
            Timestamps = Flag(query, "timestamps"),
            TailLines = long.TryParse(query["tailLines"], NumberStyles.None, CultureInfo.InvariantCulture, out var tail) ? tail : null,
            LimitBytes = long.TryParse(query["limitBytes"], NumberStyles.None, CultureInfo.InvariantCulture, out var limit) ? limit : null,
            Since = since,
        };
        context.Response.ContentType = "text/plain";
        await context.Response.StartAsync(cancellationToken);
        await foreach (var text in ContainerLogReader.ReadAsync(process.LogPath, logOptions, () => process.IsRunning, cancellationToken))
        {
            await context.Response.WriteAsync(text, cancellationToken);
            if (logOptions.Follow)
            {
                await context.Response.Body.FlushAsync(cancellationToken);
            }
        }
    }

    private static async Task ExecAsync(HttpContext context, KubeletServerOptions options, string ns, string pod, string container, CancellationToken cancellationToken)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await ErrorAsync(context, HttpStatusCode.BadRequest, "exec needs a WebSocket upgrade with one of the protocols " + string.Join(", ", StreamChannels.Supported));
            return;
        }

        var protocol = StreamChannels.Supported.FirstOrDefault(context.WebSockets.WebSocketRequestedProtocols.Contains);
        if (protocol is null)
        {
            await ErrorAsync(context, HttpStatusCode.BadRequest, "none of the requested stream protocols is supported; this kubelet speaks " + string.Join(", ", StreamChannels.Supported));
            return;
        }

        var query = context.Request.Query;
        var request = new ExecRequest([.. query["command"].Select(c => c ?? "")], Flag(query, "stdin"), Flag(query, "stdout"), Flag(query, "stderr"), Flag(query, "tty"));
        using var socket = await context.WebSockets.AcceptWebSocketAsync(protocol);
        var session = new ExecSession(socket, request);
        if (request.Command.Count == 0)
        {
            await session.FailAsync("you must specify at least one command for the container", cancellationToken);
        }
        else if (options.Containers.Find(ns, pod, container) is not { IsRunning: true, Process: { } process })
        {
            await session.FailAsync($"unable to upgrade connection: container not found (\"{container}\")", cancellationToken);
        }
        else
        {
            await session.RunAsync(process, cancellationToken);
        }
    }

    private static bool Flag(IQueryCollection query, string name) => query[name].ToString() is "true" or "1" or "True";

    private static async Task ErrorAsync(HttpContext context, HttpStatusCode code, string message)
    {
        context.Response.StatusCode = (int)code;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(message + "\n");
    }

    public async ValueTask DisposeAsync()
    {
        // Open watches and exec streams are cut after a short grace instead of Kestrel's 30 s wait: clients reconnect.
        using (var grace = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
        {
            await _app.StopAsync(grace.Token);
        }

        await _app.DisposeAsync();
    }
}
