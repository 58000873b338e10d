using System.Diagnostics;

namespace Ivyo.Testing;

/// <summary>Finds kubectl 1.32: /usr/bin/kubectl, else the copy scripts/install-prerequisites.sh puts in .ivyo/tools/bin.</summary>
internal static class Kubectl
{
    public static string Find()
    {
        foreach (var candidate in new[] { "/usr/bin/kubectl", RepositoryFiles.PathOf(".ivyo", "tools", "bin", "kubectl") })
        {
            if (File.Exists(candidate) && Version(candidate).Contains("v1.32.", StringComparison.Ordinal))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("kubectl 1.32 is missing: run scripts/install-prerequisites.sh (./test.sh does).");
    }

    private static string Version(string path)
    {
        using var process = Process.Start(new ProcessStartInfo(path, ["version", "--client"]) { RedirectStandardOutput = true })!;
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return text;
    }

    /// <summary>Runs kubectl against <paramref name="kubeconfig"/>; stdin is closed after <paramref name="input"/>.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string kubeconfig, IReadOnlyList<string> args, string? input = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(Find())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            Environment =
            {
                ["KUBECONFIG"] = kubeconfig,
                ["HOME"] = Path.Combine(Path.GetTempPath(), "ivyo-kubectl-home"),
            },
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl {string.Join(' ', args)} did not finish: {await error}");
        }

        return (process.ExitCode, await output, await error);
    }
}
