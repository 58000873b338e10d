namespace Ivyo.LocalCluster.Controllers.Hosting;

/// <summary>A controller the <see cref="ControllerManager"/> runs: it registered its informer handlers when it was built.</summary>
internal interface IManagedController : IDisposable
{
    /// <summary>The controller's name, as kube-controller-manager names it.</summary>
    string Name { get; }

    /// <summary>Runs until cancelled.</summary>
    Task RunAsync(CancellationToken cancellationToken);
}
