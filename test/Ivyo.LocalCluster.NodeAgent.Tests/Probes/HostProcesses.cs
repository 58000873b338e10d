namespace Ivyo.LocalCluster.NodeAgent.Tests.Probes;

/// <summary>Processes as the host sees them, to prove that probes leave none behind.</summary>
internal static class HostProcesses
{
    /// <summary>Whether a live (not zombie) process has exactly <paramref name="argv"/> as its command line.</summary>
    public static bool Running(params string[] argv)
    {
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (int.TryParse(Path.GetFileName(entry), out _)
                    && File.ReadAllText(Path.Combine(entry, "cmdline")).TrimEnd('\0').Split('\0').SequenceEqual(argv)
                    && !File.ReadAllText(Path.Combine(entry, "stat")).Contains(") Z ", StringComparison.Ordinal))
                {
                    return true;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }

        return false;
    }
}
