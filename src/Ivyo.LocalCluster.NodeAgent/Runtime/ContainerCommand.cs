namespace Ivyo.LocalCluster.NodeAgent.Runtime;

/// <summary>
/// What a container runs, fully resolved from its pod spec: the argv (command and args after <c>$(VAR)</c>
/// expansion), the environment, the working directory and the user (null: root).
/// </summary>
public sealed record ContainerCommand(
    IReadOnlyList<string> Argv, IReadOnlyDictionary<string, string> Environment, string? WorkingDirectory = null, ContainerUser? User = null)
{
    /// <summary>The PATH a container gets when its spec sets none, as container images usually do.</summary>
    public const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
}
