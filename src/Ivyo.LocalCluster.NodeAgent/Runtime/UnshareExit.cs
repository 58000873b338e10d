namespace Ivyo.LocalCluster.NodeAgent.Runtime;

/// <summary>
/// The container's exit code as Kubernetes reports it (128 + signal for a killed process) despite a util-linux 2.38
/// bug: when the child of <c>unshare --fork</c> dies of SIGKILL, unshare fails to re-raise it (signal(SIGKILL,
/// SIG_DFL) is EINVAL), prints the message below and exits 1. Every other signal is re-raised correctly.
/// </summary>
internal sealed class UnshareExit
{
    public const string SigkillMessage = "unshare: sigprocmask unblock failed: Invalid argument";

    private volatile bool _killed;

    /// <summary>Claims unshare's message from the container's stderr, remembering that SIGKILL ended it.</summary>
    public bool Intercept(string line)
    {
        if (line == SigkillMessage)
        {
            _killed = true;
            return true;
        }

        return false;
    }

    public int Translate(int launcherExitCode) => _killed && launcherExitCode == 1 ? 128 + Signals.Kill : launcherExitCode;
}
