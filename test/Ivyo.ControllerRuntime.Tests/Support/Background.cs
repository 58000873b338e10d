namespace Ivyo.ControllerRuntime.Tests.Support;

/// <summary>
/// Runs a loop (an informer, a controller) until disposed, so that even a failing test stops it before the API server
/// is disposed; disposing rethrows the loop's own failure.
/// </summary>
internal sealed class Background : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;

    private Background(Func<CancellationToken, Task> run) => _run = run(_stop.Token);

    public static Background Run(Func<CancellationToken, Task> run) => new(run);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run.WaitAsync(TimeSpan.FromSeconds(10));
        _stop.Dispose();
    }
}
