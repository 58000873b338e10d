using Ivyo.ControllerRuntime.Controllers;
using Ivyo.LocalCluster.Controllers.Hosting;

namespace Ivyo.LocalCluster.Controllers.Workloads.CronJobs;

/// <summary>
/// kube-controller-manager's <c>cronjob-controller</c> (v2): a CronJob is synced when it or one of its Jobs changes,
/// and again just after its next scheduled time (see <see cref="CronJobReconciler"/>).
/// </summary>
internal static class CronJobController
{
    public const string Name = "cronjob-controller";

    public static IManagedController Create(ControllerContext context)
    {
        var informers = context.Informers;
        var controller = QueuedController.Create(context, Name, new CronJobReconciler(context), informers.CronJobs, informers.Jobs);
        var queue = controller.Inner.Queue;
        informers.CronJobs.Untyped.AddEventHandler(EnqueueHandlers.ForObject(queue));
        informers.Jobs.Untyped.AddEventHandler(EnqueueHandlers.ForControllerOwner(queue, "batch/v1", "CronJob"));
        return controller;
    }
}
