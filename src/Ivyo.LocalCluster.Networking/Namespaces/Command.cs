using System.Diagnostics;

namespace Ivyo.LocalCluster.Networking.Namespaces;

/// <summary>
/// Runs the iproute2 and nftables tools that configure the network (ip, nft, sysctl), failing with their own error
/// text. They are the standard, well-kept way to drive netlink and nf_tables; there is no maintained .NET netlink
/// library on NuGet.
/// </summary>
internal static class Command
{
    public static async Task<string> RunAsync(string executable, IReadOnlyList<string> arguments, string? input = null, CancellationToken cancellationToken = default)
    {
        var startInfo = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"{executable} did not start");
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }

        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new NetworkCommandException($"{Path.GetFileName(executable)} {string.Join(' ', arguments)} failed: {(await error).Trim()}");
        }

        return await output;
    }
}

/// <summary>A network configuration command failed; the message carries its error output.</summary>
public sealed class NetworkCommandException(string message) : Exception(message);
