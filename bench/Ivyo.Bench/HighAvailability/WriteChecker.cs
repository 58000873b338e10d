using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;

namespace Ivyo.Bench.HighAvailability;

/// <summary>
/// A client that writes continuously through <c>hippo-primary</c>, as an application would: one row per write, each
/// with a sequence number of its own, a new connection after any failure, a connect abandoned after
/// <see cref="ConnectTimeout"/> and a write after <see cref="WriteTimeout"/> (so a connection to a dead primary is not
/// waited on for TCP's minutes). Only a write whose INSERT returned is <em>acknowledged</em>; the acknowledged ones are
/// the rows that must survive every fault.
/// </summary>
public sealed class WriteChecker(NpgsqlConnectionStringBuilder connection, int run) : IAsyncDisposable
{
    /// <summary>How long one write may take before the checker gives up on its connection.</summary>
    public static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long opening a connection (TCP, TLS, authentication) may take. Below TCP's first SYN retransmission (1 s):
    /// a SYN that is lost (to a dead primary's address, or silently dropped while the Service has no endpoint and the
    /// router's ICMP errors are rate-limited) is then retried with a new connection instead of waiting a second for
    /// the kernel's retransmission, as a client or proxy tuned for failover does. An open on a healthy primary takes
    /// a few tens of milliseconds here.
    /// </summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromMilliseconds(500);

    public const string Table = "ivyo_ha_check";

    private readonly ConcurrentQueue<Acknowledged> _acknowledged = new();
    private readonly CancellationTokenSource _stop = new();
    private long _next = (long)run * 100_000_000;
    private readonly ConcurrentQueue<FailedWrite> _failed = new();
    private int _failures;
    private Task _writing = Task.CompletedTask;

    /// <summary>A write that returned: its sequence number and when (a <see cref="Stopwatch"/> timestamp).</summary>
    public readonly record struct Acknowledged(long Sequence, long At);

    /// <summary>The statement that makes the checker's table (run once, through the primary).</summary>
    public const string CreateTable = $"CREATE TABLE IF NOT EXISTS {Table} (seq bigint PRIMARY KEY, run int NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())";

    public int Run => run;

    public int Failures => Volatile.Read(ref _failures);

    /// <summary>A write or connect that failed: when (a <see cref="Stopwatch"/> timestamp) and why.</summary>
    public readonly record struct FailedWrite(long At, string Reason);

    /// <summary>Every failed write so far, in order (what the client saw during a gap).</summary>
    public IReadOnlyList<FailedWrite> FailedWrites => [.. _failed];

    /// <summary>Every acknowledged write so far, in order.</summary>
    public IReadOnlyList<Acknowledged> AcknowledgedWrites => [.. _acknowledged];

    public void Start() => _writing = Task.Run(WriteAsync);

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _writing;
    }

    private async Task WriteAsync()
    {
        NpgsqlConnection? open = null;
        while (!_stop.IsCancellationRequested)
        {
            var sequence = _next++;
            try
            {
                open ??= await WithinTimeoutAsync(OpenAsync(), ConnectTimeout);
                await WithinTimeoutAsync(InsertAsync(open, sequence), WriteTimeout);
                _acknowledged.Enqueue(new Acknowledged(sequence, Stopwatch.GetTimestamp()));
                await Task.Delay(TimeSpan.FromMilliseconds(10), _stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException or IOException or InvalidOperationException)
            {
                Interlocked.Increment(ref _failures);
                _failed.Enqueue(new FailedWrite(Stopwatch.GetTimestamp(), Reason(e)));
                Abandon(open);
                open = null;
                await Task.Delay(TimeSpan.FromMilliseconds(50), _stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }

        Abandon(open);
    }

    /// <summary>The failure in a few words: the server's SQLSTATE and message, or the exception's type and message.</summary>
    private static string Reason(Exception e) => e switch
    {
        PostgresException p => $"{p.SqlState} {p.MessageText}",
        TimeoutException t => t.Message,
        _ when e.InnerException is { } inner && e is NpgsqlException => $"{inner.GetType().Name}: {inner.Message}",
        _ => $"{e.GetType().Name}: {e.Message}",
    };

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var opened = new NpgsqlConnection(connection.ConnectionString);
        try
        {
            await opened.OpenAsync();
            return opened;
        }
        catch
        {
            await opened.DisposeAsync();
            throw;
        }
    }

    private async Task<int> InsertAsync(NpgsqlConnection open, long sequence)
    {
        await using var insert = new NpgsqlCommand($"INSERT INTO {Table} (seq, run) VALUES ($1, $2)", open);
        insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = sequence });
        insert.Parameters.Add(new NpgsqlParameter<int> { TypedValue = run });
        return await insert.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// The operation, or a <see cref="TimeoutException"/> after <paramref name="timeout"/>: Npgsql's own timeouts are
    /// whole seconds and its cancellation first asks the server, which a dead primary never answers.
    /// </summary>
    private static async Task<T> WithinTimeoutAsync<T>(Task<T> operation, TimeSpan timeout)
    {
        try
        {
            return await operation.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            // It may still end (or fail) later; nobody waits for it, and its failure is not unobserved.
            _ = operation.ContinueWith(t => t.Exception, TaskScheduler.Default);
            var what = operation is Task<NpgsqlConnection> ? "no connection" : "no answer";
            throw new TimeoutException($"{what} within {timeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} s");
        }
    }

    /// <summary>Drops a connection without waiting on it (closing one to a dead server can block).</summary>
    private static void Abandon(NpgsqlConnection? connection)
    {
        if (connection is not null)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await connection.DisposeAsync();
                }
                catch (Exception e) when (e is NpgsqlException or IOException or System.Net.Sockets.SocketException or InvalidOperationException)
                {
                    // It was broken already.
                }
            });
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }
}
