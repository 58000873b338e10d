using System.Globalization;

namespace Ivyo.LocalCluster.NodeAgent.Runtime;

/// <summary>Reads a process's children from /proc, to find the process unshare(1) or nsenter(1) forked.</summary>
internal static class ChildProcesses
{
    public static IReadOnlyList<int> Of(int processId)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{processId}/task/{processId}/children");
            return [.. text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture))];
        }
        catch (IOException)
        {
            return [];
        }
    }

    /// <summary>Waits for the single child a launcher forks; null if the launcher exits first or time runs out.</summary>
    public static async Task<int?> WaitForChildAsync(System.Diagnostics.Process launcher, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Of(launcher.Id) is [var child, ..])
            {
                return child;
            }

            if (launcher.HasExited)
            {
                return null;
            }

            await Task.Delay(5, cancellationToken);
        }

        return null;
    }
}
