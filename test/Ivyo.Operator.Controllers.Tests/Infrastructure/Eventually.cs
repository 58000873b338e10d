using System.Diagnostics;

namespace Ivyo.Operator.Controllers.Tests.Infrastructure;

/// <summary>Polls a condition until it holds or a deadline passes, then fails saying what was awaited.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    public static async Task<T> Get<T>(Func<Task<T>> read, Func<T, bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        Exception? last = null;
        while (deadline.Elapsed < (timeout ?? DefaultTimeout))
        {
            try
            {
                var value = await read();
                if (condition(value))
                {
                    return value;
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
        return default!;
    }

    public static Task Until(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) => Get(condition, ok => ok, what, timeout);

    public static Task Until(Func<bool> condition, string what, TimeSpan? timeout = null) => Until(() => Task.FromResult(condition()), what, timeout);
}
