using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Ivyo.LocalCluster.NodeAgent.Probes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Ivyo.LocalCluster.NodeAgent.Tests.Probes;

/// <summary>
/// A gRPC health service (<c>grpc.health.v1.Health/Check</c>) on plaintext HTTP/2, served by Kestrel from a socket
/// created inside a pod's network namespace. It answers SERVING for the services in <see cref="Serving"/>,
/// UNIMPLEMENTED (as a server without the health service) for "unimplemented", and NOT_SERVING otherwise.
/// </summary>
internal sealed class PodGrpcHealthServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PodGrpcHealthServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public HashSet<string> Serving { get; } = ["", "ivorysql"];

    public static async Task<PodGrpcHealthServer> StartAsync(PodNetwork network)
    {
        var socket = await Ivyo.LocalCluster.Networking.Namespaces.NamespacedSockets.CreateTcpAsync(network.NamespacePath, AddressFamily.InterNetwork);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        // Kestrel takes over the descriptor; this Socket object must not close it too.
        var handle = (ulong)socket.Handle;
        socket.SafeHandle.SetHandleAsInvalid();

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenHandle(handle, listen => listen.Protocols = HttpProtocols.Http2));
        var app = builder.Build();
        var server = new PodGrpcHealthServer(app, port);
        app.MapPost("/grpc.health.v1.Health/Check", server.CheckAsync);
        await app.StartAsync();
        return server;
    }

    private async Task CheckAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var service = ParseService(body.ToArray());
        context.Response.ContentType = "application/grpc";
        if (service == "unimplemented")
        {
            context.Response.Headers["grpc-status"] = "12";
            context.Response.Headers["grpc-message"] = "unknown service grpc.health.v1.Health";
            return;
        }

        // HealthCheckResponse { status = 1 (SERVING) or 2 (NOT_SERVING) }
        byte[] frame = [0, 0, 0, 0, 2, 0x08, Serving.Contains(service) ? (byte)1 : (byte)2];
        await context.Response.Body.WriteAsync(frame);
        context.Response.AppendTrailer("grpc-status", "0");
    }

    /// <summary>The <c>service</c> of a framed <c>HealthCheckRequest</c> (field 1, a short string).</summary>
    private static string ParseService(byte[] frame)
    {
        var length = BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(1));
        return length >= 2 && frame[5] == 0x0A ? Encoding.UTF8.GetString(frame, 7, frame[6]) : "";
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
