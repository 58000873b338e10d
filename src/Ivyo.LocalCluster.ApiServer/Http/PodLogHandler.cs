using Ivyo.LocalCluster.ApiServer.Errors;
using Ivyo.LocalCluster.ApiServer.Nodes;
using Ivyo.LocalCluster.ApiServer.Objects;
using Ivyo.LocalCluster.ApiServer.Requests;
using Microsoft.AspNetCore.Http;

namespace Ivyo.LocalCluster.ApiServer.Http;

/// <summary>
/// <c>pods/log</c>: streams the container's log from its node's kubelet (<c>/containerLogs/...</c>), passing the
/// PodLogOptions on. A pod no node runs yet has an empty log; a kubelet error becomes a <c>Status</c> carrying its
/// text, as kube-apiserver's LocationStreamer reports it.
/// </summary>
public sealed class PodLogHandler(ObjectService objects, KubeletConnector kubelets)
{
    private static readonly string[] s_forwarded = ["follow", "previous", "timestamps", "tailLines", "sinceSeconds", "sinceTime", "limitBytes"];

    public async Task HandleAsync(HttpContext context, ServedResource pods, RequestInfo info, CancellationToken cancellationToken)
    {
        if (info.Verb != "get")
        {
            throw ApiException.MethodNotSupported("pods/log", info.Verb);
        }

        var query = context.Request.Query;
        var target = PodStreamTarget.Resolve(await objects.GetAsync(pods, info.Namespace, info.Name, cancellationToken), query["container"]);
        context.Response.ContentType = "text/plain";
        if (target.NodeName is not { } node)
        {
            context.Response.StatusCode = 200;
            return;
        }

        var kubelet = await kubelets.LocateAsync(node, cancellationToken);
        var parameters = s_forwarded.Where(p => query.ContainsKey(p)).Select(p => KeyValuePair.Create(p, query[p].ToString()));
        HttpResponseMessage response;
        try
        {
            response = await kubelets.GetAsync(new Uri(kubelet, target.KubeletPath("containerLogs", parameters)), cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new ApiException(500, "InternalError", $"Get \"{kubelet}containerLogs/...\": {e.Message}");
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var text = (await response.Content.ReadAsStringAsync(cancellationToken)).Trim();
                throw Kubelet.Error((int)response.StatusCode, text);
            }

            context.Response.StatusCode = 200;
            await context.Response.StartAsync(cancellationToken);
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                await context.Response.Body.FlushAsync(cancellationToken);
            }
        }
    }
}
