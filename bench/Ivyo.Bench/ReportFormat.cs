using System.Globalization;
using System.Text;

namespace Ivyo.Bench;

/// <summary>What every section of docs/benchmarks.md formats the same way: milliseconds, and the date, machine and command items.</summary>
public static class ReportFormat
{
    /// <summary>Milliseconds with three significant decimals below 1 ms, two below 100 ms, one above.</summary>
    public static string Ms(TimeSpan value)
    {
        var ms = value.TotalMilliseconds;
        var format = ms < 1 ? "F3" : ms < 100 ? "F2" : "F1";
        return ms.ToString(format, CultureInfo.InvariantCulture);
    }

    /// <summary>"p50 / p99 / max" of <paramref name="latency"/> in milliseconds.</summary>
    public static string Percentiles(LatencySummary latency)
    {
        ArgumentNullException.ThrowIfNull(latency);
        return $"{Ms(latency.P50)} | {Ms(latency.P99)} | {Ms(latency.Max)}";
    }

    /// <summary>The Date, Machine and Command items; <paramref name="sharing"/> says what shares the machine's cores.</summary>
    public static void AppendRunItems(StringBuilder text, MachineInfo machine, string? source, string command, string sharing)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(machine);
        text.Append(CultureInfo.InvariantCulture, $"- **Date:** `{machine.Date}`\n");
        text.Append(CultureInfo.InvariantCulture, $"- **Machine:** {machine.Summary}. The machine is shared with other developers: their builds and tests may have run at the same time, so treat the numbers as indicative. {sharing}\n");
        text.Append(CultureInfo.InvariantCulture, $"- **Command:** `{command}`{(source is null ? "" : $", built from {source}.")}\n");
    }
}
