namespace Ivyo.LocalCluster.Scheduler.Scheduling;

/// <summary>Something the scheduler loop runs beside itself until it stops, such as a <see cref="ListWatch{T, TList}"/>.</summary>
public interface IRunnable
{
    Task RunAsync(CancellationToken cancellationToken);
}
