using System.Globalization;

namespace Ivyo.Cli.Tests;

/// <summary><c>ivyo local status</c> and <c>ivyo local kubeconfig</c> read the data directory of a local cluster.</summary>
public sealed class LocalStatusTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("ivyo-status-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public void A_cluster_that_never_ran_has_no_kubeconfig_and_is_not_running()
    {
        var status = CliRunner.Run("local", "status", "--data", _data);
        Assert.Equal(1, status.ExitCode);
        Assert.Equal($"The local cluster in {_data} is not running (ivyo local up starts it).\n", status.Output);

        var kubeconfig = CliRunner.Run("local", "kubeconfig", "--data", _data);
        Assert.Equal(1, kubeconfig.ExitCode);
        Assert.Contains("the local cluster was never started there", kubeconfig.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_running_cluster_reports_where_it_serves_and_its_kubeconfig_path_last()
    {
        // What ivyo local run writes: its process id, the URL once it serves, the kubeconfig.
        File.WriteAllText(Path.Combine(_data, "local.pid"), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        File.WriteAllText(Path.Combine(_data, "ready"), "https://127.0.0.1:16443/");
        File.WriteAllText(Path.Combine(_data, "admin.kubeconfig"), "apiVersion: v1\n");

        var status = CliRunner.Run("local", "status", "--data", _data);
        Assert.Equal(0, status.ExitCode);
        Assert.Equal(
            $"The local cluster runs (process {Environment.ProcessId}) and serves at https://127.0.0.1:16443/; log: {Path.Combine(_data, "local.log")}\n"
            + $"export KUBECONFIG={Path.Combine(_data, "admin.kubeconfig")}\n",
            status.Output);

        var kubeconfig = CliRunner.Run("local", "kubeconfig", "--data", _data);
        Assert.Equal((0, Path.Combine(_data, "admin.kubeconfig")), (kubeconfig.ExitCode, kubeconfig.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]));
    }
}
