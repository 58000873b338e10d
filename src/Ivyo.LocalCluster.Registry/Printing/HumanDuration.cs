using System.Globalization;

namespace Ivyo.LocalCluster.Registry.Printing;

/// <summary>
/// Formats durations as k8s.io/apimachinery/pkg/util/duration.HumanDuration does for kubectl's AGE columns:
/// seconds below 2 minutes, minutes and seconds below 10 minutes, minutes below 3 hours, hours and minutes below
/// 8 hours, hours below 2 days, days and hours below 8 days, days below 2 years, years and days below 8 years.
/// </summary>
public static class HumanDuration
{
    public static string Format(TimeSpan d)
    {
        var seconds = (long)d.TotalSeconds;
        if (seconds < -1)
        {
            return "<invalid>";
        }

        if (seconds < 0)
        {
            return "0s";
        }

        if (seconds < 60 * 2)
        {
            return Text(seconds, "s");
        }

        var minutes = seconds / 60;
        if (minutes < 10)
        {
            var s = seconds % 60;
            return s == 0 ? Text(minutes, "m") : Text(minutes, "m") + Text(s, "s");
        }

        if (minutes < 60 * 3)
        {
            return Text(minutes, "m");
        }

        var hours = minutes / 60;
        if (hours < 8)
        {
            var m = minutes % 60;
            return m == 0 ? Text(hours, "h") : Text(hours, "h") + Text(m, "m");
        }

        if (hours < 48)
        {
            return Text(hours, "h");
        }

        if (hours < 24 * 8)
        {
            var h = hours % 24;
            return h == 0 ? Text(hours / 24, "d") : Text(hours / 24, "d") + Text(h, "h");
        }

        if (hours < 24 * 365 * 2)
        {
            return Text(hours / 24, "d");
        }

        if (hours < 24 * 365 * 8)
        {
            var dy = hours / 24 % 365;
            return dy == 0 ? Text(hours / 24 / 365, "y") : Text(hours / 24 / 365, "y") + Text(dy, "d");
        }

        return Text(hours / 24 / 365, "y");
    }

    /// <summary>translateTimestampSince: the age of a timestamp, or <c>&lt;unknown&gt;</c> when it is unset or unreadable.</summary>
    public static string Since(string? timestamp, DateTimeOffset now) =>
        TryParseTime(timestamp, out var time) ? Format(now - time) : "<unknown>";

    internal static bool TryParseTime(string? timestamp, out DateTimeOffset time)
    {
        time = default;
        return !string.IsNullOrEmpty(timestamp)
            && DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
    }

    private static string Text(long value, string unit) => value.ToString(CultureInfo.InvariantCulture) + unit;
}
