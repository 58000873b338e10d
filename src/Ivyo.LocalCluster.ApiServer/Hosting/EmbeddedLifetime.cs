using Microsoft.Extensions.Hosting;

namespace Ivyo.LocalCluster.ApiServer.Hosting;

/// <summary>
/// The API server is embedded (in tests, in <c>ivyo local</c>): its host must not take over the process's SIGINT and
/// SIGTERM, as ASP.NET Core's console lifetime does, or the embedding program never learns it should stop.
/// </summary>
internal sealed class EmbeddedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
