using System.Globalization;
using System.Text.RegularExpressions;
using Cronos;

namespace Ivyo.LocalCluster.Controllers.Workloads.CronJobs;

/// <summary>
/// A CronJob schedule as the cronjob controller parses it (robfig/cron's <c>ParseStandard</c>): five fields (minute,
/// hour, day of month, month, day of week; names, ranges, steps, <c>?</c>), the descriptors <c>@yearly</c>,
/// <c>@annually</c>, <c>@monthly</c>, <c>@weekly</c>, <c>@daily</c>, <c>@midnight</c>, <c>@hourly</c> and
/// <c>@every &lt;duration&gt;</c>, and a leading <c>TZ=</c> or <c>CRON_TZ=</c> zone; times are evaluated in
/// <c>spec.timeZone</c> or else the controller's local zone. Field parsing and next-time computation are Cronos's.
/// </summary>
internal sealed partial class CronSchedule
{
    private static readonly HashSet<string> s_descriptors = new(StringComparer.Ordinal)
    {
        "@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly",
    };

    private readonly CronExpression? _expression;
    private readonly TimeSpan _every;

    private CronSchedule(CronExpression? expression, TimeSpan every, TimeZoneInfo zone)
    {
        _expression = expression;
        _every = every;
        Zone = zone;
    }

    /// <summary>The zone the schedule is evaluated in.</summary>
    public TimeZoneInfo Zone { get; }

    /// <summary>Parses <paramref name="schedule"/> in <paramref name="zone"/>; throws <see cref="FormatException"/> when it is not valid.</summary>
    public static CronSchedule Parse(string schedule, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var text = schedule.Trim();
        if (text.StartsWith("TZ=", StringComparison.Ordinal) || text.StartsWith("CRON_TZ=", StringComparison.Ordinal))
        {
            var space = text.IndexOf(' ', StringComparison.Ordinal);
            if (space < 0)
            {
                throw new FormatException($"missing schedule after the time zone in \"{schedule}\"");
            }

            zone = FindZone(text[(text.IndexOf('=', StringComparison.Ordinal) + 1)..space])
                ?? throw new FormatException($"unknown time zone in \"{schedule}\"");
            text = text[(space + 1)..].Trim();
        }

        if (text.StartsWith("@every ", StringComparison.Ordinal))
        {
            var every = ParseDuration(text["@every ".Length..].Trim());
            return new CronSchedule(null, every < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : every, zone);
        }

        if (text.StartsWith('@') && !s_descriptors.Contains(text))
        {
            throw new FormatException($"unrecognized descriptor: {text}");
        }

        if (!text.StartsWith('@') && text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length != 5)
        {
            throw new FormatException($"expected exactly 5 fields, found {text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length}: {text}");
        }

        try
        {
            return new CronSchedule(CronExpression.Parse(text, CronFormat.Standard), TimeSpan.Zero, zone);
        }
        catch (CronFormatException e)
        {
            throw new FormatException(e.Message, e);
        }
    }

    /// <summary>An IANA zone by name, or null (<c>time.LoadLocation</c>).</summary>
    public static TimeZoneInfo? FindZone(string name)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(name);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }

    /// <summary>The first activation strictly after <paramref name="after"/>, or null if there is none.</summary>
    public DateTimeOffset? Next(DateTimeOffset after)
    {
        if (_expression is null)
        {
            // ConstantDelaySchedule: the delay added to the time truncated to the second.
            return after.AddTicks(-(after.Ticks % TimeSpan.TicksPerSecond)) + _every;
        }

        return _expression.GetNextOccurrence(after, Zone, inclusive: false);
    }

    /// <summary>A Go duration: a sequence of numbers with units ns, us, µs, ms, s, m, h.</summary>
    private static TimeSpan ParseDuration(string text)
    {
        var matches = DurationPart().Matches(text);
        if (matches.Count == 0 || string.Concat(matches.Select(m => m.Value)) != text)
        {
            throw new FormatException($"failed to parse duration @every {text}");
        }

        var total = TimeSpan.Zero;
        foreach (Match match in matches)
        {
            var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            total += match.Groups[2].Value switch
            {
                "h" => TimeSpan.FromHours(value),
                "m" => TimeSpan.FromMinutes(value),
                "s" => TimeSpan.FromSeconds(value),
                "ms" => TimeSpan.FromMilliseconds(value),
                _ => TimeSpan.FromTicks((long)(value * (match.Groups[2].Value == "ns" ? 0.01 : 10))),
            };
        }

        return total;
    }

    [GeneratedRegex(@"([0-9]+(?:\.[0-9]*)?)(ns|us|µs|ms|s|m|h)")]
    private static partial Regex DurationPart();
}
