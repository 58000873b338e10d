using System.Diagnostics;

namespace Ivyo.Bench;

/// <summary>Which code was measured: the Git commit, and whether src/ had uncommitted changes.</summary>
public static class SourceInfo
{
    public static async Task<string?> DescribeAsync(CancellationToken cancellationToken)
    {
        var commit = await GitAsync(["rev-parse", "--short", "HEAD"], cancellationToken);
        if (string.IsNullOrEmpty(commit))
        {
            return null;
        }

        var changes = await GitAsync(["status", "--porcelain", "--", "src"], cancellationToken);
        return string.IsNullOrEmpty(changes) ? $"commit {commit}" : $"commit {commit} plus uncommitted changes under src/";
    }

    private static async Task<string?> GitAsync(string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            await error;
            return process.ExitCode == 0 ? (await output).Trim() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // git is not installed.
        }
    }
}
