using System.Net.WebSockets;
using Ivyo.LocalCluster.ApiServer.Errors;
using Ivyo.LocalCluster.ApiServer.Nodes;
using Ivyo.LocalCluster.ApiServer.Objects;
using Ivyo.LocalCluster.ApiServer.Requests;
using Microsoft.AspNetCore.Http;

namespace Ivyo.LocalCluster.ApiServer.Http;

/// <summary>
/// <c>pods/exec</c> over WebSocket (<c>v5.channel.k8s.io</c>, what kubectl 1.30+ and KubernetesClient speak): the
/// request is checked here as the pod registry's ExecLocation does, then relayed frame by frame to the node's
/// kubelet, which runs the command and speaks the channel protocol. SPDY, kubectl's fallback, is not served.
/// </summary>
public sealed class PodExecHandler(ObjectService objects, KubeletConnector kubelets)
{
    private static readonly string[] s_forwarded = ["stdin", "stdout", "stderr", "tty"];

    public async Task HandleAsync(HttpContext context, ServedResource pods, RequestInfo info, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        var pod = await objects.GetAsync(pods, info.Namespace, info.Name, cancellationToken);
        var target = PodStreamTarget.Resolve(pod, query["container"]);
        if (!s_forwarded[..3].Any(stream => query[stream].ToString() is "true" or "1"))
        {
            throw ApiException.BadRequest("you must specify at least 1 of stdin, stdout, stderr");
        }

        var phase = (string?)pod["status"]?["phase"];
        if (phase is "Succeeded" or "Failed")
        {
            throw ApiException.BadRequest($"cannot exec into a container in a completed pod; current phase is {phase}");
        }

        if (target.NodeName is not { } node)
        {
            throw ApiException.BadRequest($"pod {info.Name} does not have a host assigned");
        }

        // Checked after the request itself, so that kubectl's SPDY fallback shows the same errors a real cluster
        // would, and only a valid exec learns that this server speaks WebSocket only.
        var protocol = StreamProtocols.FirstOrDefault(context.WebSockets.WebSocketRequestedProtocols.Contains);
        if (!context.WebSockets.IsWebSocketRequest || protocol is null)
        {
            throw ApiException.BadRequest(
                $"exec is served over WebSocket with one of the protocols {string.Join(", ", StreamProtocols)}; SPDY is not supported by the local cluster");
        }

        var kubelet = await kubelets.LocateAsync(node, cancellationToken);
        var parameters = query["command"].Select(c => KeyValuePair.Create("command", c ?? ""))
            .Concat(s_forwarded.Where(p => query.ContainsKey(p)).Select(p => KeyValuePair.Create(p, query[p].ToString())));
        using var client = await context.WebSockets.AcceptWebSocketAsync(protocol);
        ClientWebSocket backend;
        try
        {
            backend = await kubelets.ConnectAsync(new Uri(kubelet, target.KubeletPath("exec", parameters)), [protocol], cancellationToken);
        }
        catch (WebSocketException e)
        {
            // Upgraded already: the error goes on the error channel, where kubectl prints it.
            await FailAsync(client, $"error dialing backend: {e.Message}", cancellationToken);
            return;
        }

        using (backend)
        {
            using var relay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var upstream = RelayAsync(client, backend, relay.Token);
            var downstream = RelayAsync(backend, client, relay.Token);
            // When either side is done sending and the other has answered its close, the session is over.
            await Task.WhenAny(Task.WhenAll(upstream, downstream), Task.Delay(Timeout.Infinite, relay.Token)).ConfigureAwait(false);
            await relay.CancelAsync();
        }
    }

    /// <summary>The stream protocols relayed, best first; kubelets speak the same.</summary>
    private static readonly string[] StreamProtocols = ["v5.channel.k8s.io", "v4.channel.k8s.io"];

    private static async Task FailAsync(WebSocket client, string message, CancellationToken cancellationToken)
    {
        var status = new System.Text.Json.Nodes.JsonObject
        {
            ["metadata"] = new System.Text.Json.Nodes.JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = "InternalError",
        };
        var frame = new byte[] { 3 }.Concat(System.Text.Encoding.UTF8.GetBytes(status.ToJsonString())).ToArray();
        await client.SendAsync(frame, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
        await client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
    }

    /// <summary>Copies every message from <paramref name="from"/> to <paramref name="to"/>, and then its close.</summary>
    private static async Task RelayAsync(WebSocket from, WebSocket to, CancellationToken cancellationToken)
    {
        var buffer = new byte[32 * 1024];
        try
        {
            while (true)
            {
                var result = await from.ReceiveAsync(buffer, cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (to.State is WebSocketState.Open or WebSocketState.CloseReceived)
                    {
                        await to.CloseOutputAsync(result.CloseStatus ?? WebSocketCloseStatus.NormalClosure, result.CloseStatusDescription, cancellationToken);
                    }

                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, result.Count), result.MessageType, result.EndOfMessage, cancellationToken);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // One side vanished: so does the other.
            to.Abort();
        }
    }
}
