using System.Net.Sockets;

namespace Ivyo.LocalCluster.Hosting.Control;

/// <summary>Talks to a running local cluster's <see cref="ControlServer"/> over its Unix socket.</summary>
public sealed class ControlClient(string socketPath) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        ConnectCallback = async (_, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    {
        BaseAddress = new Uri("http://localhost"),
        Timeout = TimeSpan.FromMinutes(2),
    };

    /// <summary>Posts one operation (such as <c>/kill?namespace=db&amp;pod=hippo-0</c>); whether it was done, and what the cluster said.</summary>
    public async Task<(bool Done, string Message)> PostAsync(string pathAndQuery, CancellationToken cancellationToken = default)
    {
        using var response = await _http.PostAsync(pathAndQuery, null, cancellationToken);
        return (response.IsSuccessStatusCode, (await response.Content.ReadAsStringAsync(cancellationToken)).TrimEnd());
    }

    public void Dispose() => _http.Dispose();
}
