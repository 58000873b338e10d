using System.Diagnostics;

namespace Ivyo.LocalCluster.Controllers.Tests.Infrastructure;

/// <summary>Polls a condition until it holds or a deadline passes, then fails with a description of what was awaited.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    public static async Task Until(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        Exception? last = null;
        while (deadline.Elapsed < (timeout ?? DefaultTimeout))
        {
            try
            {
                if (await condition())
                {
                    return;
                }

                last = null;
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                last = e;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"Timed out after {(timeout ?? DefaultTimeout).TotalSeconds:0.#} s waiting until {what}." + (last is null ? "" : " Last error: " + last.Message));
    }

    public static Task Until(Func<bool> condition, string what, TimeSpan? timeout = null) => Until(() => Task.FromResult(condition()), what, timeout);

    /// <summary>Polls <paramref name="read"/> until its value satisfies <paramref name="condition"/>; returns that value.</summary>
    public static async Task<T> Get<T>(Func<Task<T>> read, Func<T, bool> condition, string what, TimeSpan? timeout = null)
    {
        T value = default!;
        await Until(async () => condition(value = await read()), what, timeout);
        return value;
    }
}
