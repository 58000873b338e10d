using System.Net;
using Ivyo.LocalCluster.Storage;

namespace Ivyo.LocalCluster.ApiServer.Hosting;

/// <summary>How to run an API server: where to listen and which store to use.</summary>
public sealed record ApiServerOptions
{
    /// <summary>The address to listen on; loopback by default.</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>The port; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>The object store; an in-memory store when null.</summary>
    public IObjectStore? Store { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// The address and port pods reach this server at (the <c>kubernetes</c> Endpoints): the cluster network's
    /// gateway relay in a local cluster; this server's own URL when null.
    /// </summary>
    public System.Net.IPEndPoint? Advertise { get; init; }

    /// <summary>
    /// Where the server logs (Kestrel's own lines too, such as an exception that ends a watch stream); nothing is
    /// logged when null.
    /// </summary>
    public Microsoft.Extensions.Logging.ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>Extra addresses the serving certificate names, such as the pod network's gateway.</summary>
    public IReadOnlyList<IPAddress> ExtraServingAddresses { get; init; } = [];
}
