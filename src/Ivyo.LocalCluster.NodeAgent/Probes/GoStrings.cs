namespace Ivyo.LocalCluster.NodeAgent.Probes;

/// <summary>Go's formatting where the kubelet's messages use it, so that they read the same here.</summary>
internal static class GoStrings
{
    /// <summary>Go's <c>%q</c> of a plain string: in double quotes, with backslashes and quotes escaped.</summary>
    public static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>Go's <c>%v</c> of a whole-second time.Duration: <c>1s</c>, <c>1m30s</c>, <c>1h0m0s</c>.</summary>
    public static string Duration(TimeSpan duration)
    {
        var seconds = (long)duration.TotalSeconds;
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        return seconds switch
        {
            < 60 => string.Create(invariant, $"{seconds}s"),
            < 3600 => string.Create(invariant, $"{seconds / 60}m{seconds % 60}s"),
            _ => string.Create(invariant, $"{seconds / 3600}h{seconds / 60 % 60}m{seconds % 60}s"),
        };
    }
}
