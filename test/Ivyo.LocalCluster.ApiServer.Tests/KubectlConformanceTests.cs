using System.Diagnostics;

namespace Ivyo.LocalCluster.ApiServer.Tests;

/// <summary>
/// Runs kubectl/conformance.sh, real kubectl 1.32 with its default strict validation, against a fresh server.
/// kubectl is required: the test fails (never skips) when scripts/install-prerequisites.sh has not provided it.
/// </summary>
public sealed class KubectlConformanceTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Kubectl_conformance_script_passes(bool etcd)
    {
        var kubectl = Kubectl.Find();
        await using var server = new TestServer { UseEtcd = etcd };
        await server.InitializeAsync();
        try
        {
            var script = Path.Combine(AppContext.BaseDirectory, "kubectl", "conformance.sh");
            var start = new ProcessStartInfo("bash", [script])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment =
                {
                    ["KUBECONFIG"] = server.KubeconfigPath,
                    ["REPO"] = RepositoryFiles.Root,
                    ["PATH"] = Path.GetDirectoryName(kubectl) + ":" + Environment.GetEnvironmentVariable("PATH"),
                    ["HOME"] = Path.Combine(Path.GetTempPath(), "ivyo-kubectl-home-" + Guid.NewGuid().ToString("N")),
                },
            };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await process.WaitForExitAsync(timeout.Token);
            var text = await output + await error;
            Assert.True(process.ExitCode == 0, text);
            Assert.Matches(@"\d+ checks passed", text);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }
}
