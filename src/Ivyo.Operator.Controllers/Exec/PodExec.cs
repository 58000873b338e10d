namespace Ivyo.Operator.Controllers.Exec;

/// <summary>Runs a command in a container of a pod (<c>pods/exec</c>), as the kubelet runs <c>kubectl exec</c>.</summary>
public interface IPodExecutor
{
    /// <summary>Runs <paramref name="command"/> (no shell unless the command is one) and returns when it exits.</summary>
    Task<PodExecResult> ExecAsync(string @namespace, string pod, string container, IReadOnlyList<string> command, CancellationToken cancellationToken);
}

/// <summary>What a command in a pod printed, and how it exited.</summary>
public sealed record PodExecResult(int ExitCode, string Output, string Error)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>A one-line description of a failure, for events and errors.</summary>
    public string Describe() => $"exit code {ExitCode}: {(Error.Length > 0 ? Error : Output).Trim()}";
}

/// <summary>A command in a pod could not run or failed.</summary>
public sealed class PodExecException : Exception
{
    public PodExecException()
    {
    }

    public PodExecException(string message)
        : base(message)
    {
    }

    public PodExecException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
