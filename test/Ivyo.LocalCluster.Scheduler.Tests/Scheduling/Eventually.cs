namespace Ivyo.LocalCluster.Scheduler.Tests.Scheduling;

/// <summary>Polls a condition until it holds or a deadline passes, then fails with what was last seen.</summary>
internal static class Eventually
{
    public static async Task<T> MatchAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, int seconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {seconds}s waiting for {what}; last seen: {k8s.KubernetesJson.Serialize(value)}");
            }

            await Task.Delay(50);
        }
    }
}
