namespace Ivyo.LocalCluster.Controllers.Workloads.Jobs;

/// <summary>
/// The delay before a Job replaces failed pods, as the job controller's <c>backoffRecord</c> store: 10 s after the
/// first failure since the last success, doubling per failure up to 6 minutes. Kept in memory, per Job key.
/// </summary>
internal sealed class JobBackoff(TimeProvider time)
{
    public static readonly TimeSpan Initial = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan Max = TimeSpan.FromMinutes(6);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, (int Failures, DateTimeOffset LastFailure)> _records = new(StringComparer.Ordinal);

    /// <summary>Records newly counted pods: a success resets the failures, each failure counts.</summary>
    public void Record(string key, int succeeded, int failed)
    {
        lock (_lock)
        {
            var record = _records.GetValueOrDefault(key);
            if (succeeded > 0)
            {
                record = (0, record.LastFailure);
            }

            if (failed > 0)
            {
                record = (record.Failures + failed, time.GetUtcNow());
            }

            _records[key] = record;
        }
    }

    /// <summary>How long to wait before creating pods (<c>getRemainingTime</c>); zero when none.</summary>
    public TimeSpan Remaining(string key)
    {
        lock (_lock)
        {
            if (!_records.TryGetValue(key, out var record) || record.Failures == 0)
            {
                return TimeSpan.Zero;
            }

            var delay = Initial * Math.Pow(2, Math.Min(record.Failures - 1, 16));
            if (delay > Max)
            {
                delay = Max;
            }

            var left = record.LastFailure + delay - time.GetUtcNow();
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    public void Forget(string key)
    {
        lock (_lock)
        {
            _records.Remove(key);
        }
    }
}
