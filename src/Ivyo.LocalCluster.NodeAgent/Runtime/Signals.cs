using System.Runtime.InteropServices;

namespace Ivyo.LocalCluster.NodeAgent.Runtime;

/// <summary>POSIX signals by number: .NET's Process can only SIGKILL, and containers need SIGTERM first.</summary>
internal static partial class Signals
{
    public const int Terminate = 15;
    public const int Kill = 9;

    /// <summary>Sends <paramref name="signal"/>; false when the process is already gone.</summary>
    public static bool Send(int processId, int signal) => kill(processId, signal) == 0;

    /// <summary>Whether a process exists and is not a zombie waiting to be reaped.</summary>
    public static bool IsAlive(int processId)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{processId}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);
}
