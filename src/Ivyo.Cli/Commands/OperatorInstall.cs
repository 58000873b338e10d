using System.Diagnostics;

namespace Ivyo.Cli.Commands;

/// <summary>
/// Installs IVYO on a running cluster as a user would: <c>kubectl apply -k</c> of a kustomization
/// (<c>config/local</c>: <c>config/default</c> plus the local image catalog), then <c>kubectl rollout status</c> of the
/// operator's Deployment, so that <c>ivyo local up</c> returns once the operator is ready.
/// </summary>
internal sealed class OperatorInstall(string kubeconfig, TextWriter output)
{
    private static readonly TimeSpan s_rolloutTimeout = TimeSpan.FromMinutes(3);

    /// <summary>The repository that holds this build of the CLI (<c>.ivyo/cli</c> is two levels below it), if any.</summary>
    public static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ivyo.slnx")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    public static string? DefaultOperatorDll() =>
        RepositoryRoot() is { } root ? Path.Combine(root, ".ivyo", "operator", "ivyo-operator.dll") : null;

    public static string DefaultKustomization() =>
        RepositoryRoot() is { } root ? Path.Combine(root, "config", "local") : "none";

    /// <summary>kubectl 1.32 from <c>scripts/install-prerequisites.sh</c>: the repository's copy, else the PATH's.</summary>
    public static string Kubectl() =>
        RepositoryRoot() is { } root && File.Exists(Path.Combine(root, ".ivyo", "tools", "bin", "kubectl"))
            ? Path.Combine(root, ".ivyo", "tools", "bin", "kubectl")
            : "kubectl";

    public async Task<bool> InstallAsync(string kustomization, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync($"Installing IVYO from {kustomization}...");
        if (!await KubectlAsync(["apply", "-k", kustomization], cancellationToken))
        {
            return false;
        }

        await output.WriteLineAsync("Waiting for the operator (deployment/ivyo in ivory-operator)...");
        return await KubectlAsync(
            ["rollout", "status", "deployment/ivyo", "-n", "ivory-operator", $"--timeout={(int)s_rolloutTimeout.TotalSeconds}s"], cancellationToken);
    }

    private async Task<bool> KubectlAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Kubectl(), arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment["KUBECONFIG"] = kubeconfig;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        await output.WriteAsync(await stdout);
        var errors = await stderr;
        if (process.ExitCode != 0)
        {
            await output.WriteLineAsync($"kubectl {string.Join(' ', arguments)} failed (exit code {process.ExitCode}):");
            await output.WriteAsync(errors);
            return false;
        }

        return true;
    }
}
