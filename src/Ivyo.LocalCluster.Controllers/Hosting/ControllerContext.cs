using k8s;
using Microsoft.Extensions.Logging;

namespace Ivyo.LocalCluster.Controllers.Hosting;

/// <summary>What every controller is built from: the client, the shared informers and the manager's options.</summary>
internal sealed record ControllerContext(Kubernetes Client, SharedInformers Informers, ControllerManagerOptions Options)
{
    /// <summary>The clock.</summary>
    public TimeProvider Time => Options.Time;

    /// <summary>A logger for <typeparamref name="T"/>.</summary>
    public ILogger<T> Logger<T>() => Options.LoggerFactory.CreateLogger<T>();
}
