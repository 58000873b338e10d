using Ivyo.ControllerRuntime.Controllers;
using Ivyo.ControllerRuntime.Informers;

namespace Ivyo.LocalCluster.Controllers.Hosting;

/// <summary>A managed controller that is one <see cref="Controller"/>: a work queue of keys and a reconciler.</summary>
internal sealed class QueuedController(Controller controller) : IManagedController
{
    /// <inheritdoc />
    public string Name => controller.Name;

    /// <summary>The queue the informer handlers feed.</summary>
    public Controller Inner => controller;

    /// <summary>Builds the controller for <paramref name="reconciler"/>, waiting for <paramref name="informers"/>.</summary>
    public static QueuedController Create(ControllerContext context, string name, IReconciler reconciler, params IInformer[] informers)
    {
        ArgumentNullException.ThrowIfNull(context);
        var controller = new Controller(
            new ControllerOptions { Name = name, Workers = context.Options.Workers, Time = context.Time },
            reconciler,
            context.Logger<Controller>());
        foreach (var informer in informers)
        {
            controller.WaitFor(informer);
        }

        return new QueuedController(controller);
    }

    /// <inheritdoc />
    public Task RunAsync(CancellationToken cancellationToken) => controller.RunAsync(cancellationToken);

    /// <inheritdoc />
    public void Dispose() => controller.Dispose();
}
