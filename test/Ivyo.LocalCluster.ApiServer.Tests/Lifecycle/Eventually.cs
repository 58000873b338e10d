using System.Net;
using k8s.Autorest;

namespace Ivyo.LocalCluster.ApiServer.Tests.Lifecycle;

/// <summary>Polling with a deadline for what the lifecycle controllers do asynchronously.</summary>
internal static class Eventually
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    public static async Task TrueAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTimeOffset.UtcNow + Deadline;
        while (!await condition())
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting until {what}");
            }

            await Task.Delay(25);
        }
    }

    public static Task GoneAsync(Func<Task> read, string what) => TrueAsync(async () => !await ExistsAsync(read), what + " is gone");

    public static async Task<bool> ExistsAsync(Func<Task> read)
    {
        try
        {
            await read();
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }
}
