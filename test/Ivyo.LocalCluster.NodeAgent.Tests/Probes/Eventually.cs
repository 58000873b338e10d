namespace Ivyo.LocalCluster.NodeAgent.Tests.Probes;

/// <summary>Polls a condition until a deadline, for what probe workers do on their own time.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string what, double seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");
            await Task.Delay(25);
        }
    }
}
