using System.Diagnostics;
using Ivyo.Operator.Instances;

namespace Ivyo.Operator.Tests.Instances;

/// <summary>The instance pod's <c>ivory-startup</c> script, run by bash on a scratch directory.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class StartupScriptsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ivyo-startup-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private (int ExitCode, string Output) Run(string pgdata)
    {
        var start = new ProcessStartInfo("bash", ["-ceu", "--", StartupScripts.Startup, "startup", "15", ""])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PGDATA"] = pgdata;
        using var bash = Process.Start(start)!;
        var output = bash.StandardOutput.ReadToEnd() + bash.StandardError.ReadToEnd();
        bash.WaitForExit();
        return (bash.ExitCode, output.Trim());
    }

    [Fact]
    public void A_missing_data_directory_is_created_private_to_its_owner()
    {
        var pgdata = Path.Combine(_root, "pg15");

        var (exitCode, output) = Run(pgdata);

        Assert.Equal((0, "ready: " + pgdata), (exitCode, output));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(pgdata));
    }

    [Fact]
    public void A_restored_directory_waiting_for_bootstrap_is_prepared_and_the_data_directory_is_not_created()
    {
        // Patroni's "existing" bootstrap runs mv <data>_bootstrap <data>: were <data> created, the move would go into it.
        var pgdata = Path.Combine(_root, "pg15");
        var restored = Directory.CreateDirectory(pgdata + "_bootstrap").FullName;
        File.WriteAllText(Path.Combine(restored, "PG_VERSION"), "15\n");
        File.SetUnixFileMode(restored, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);

        var (exitCode, output) = Run(pgdata);

        Assert.Equal((0, "ready: " + restored), (exitCode, output));
        Assert.False(Directory.Exists(pgdata));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(restored));
    }

    [Fact]
    public void A_restored_directory_of_another_major_version_is_refused()
    {
        var pgdata = Path.Combine(_root, "pg15");
        File.WriteAllText(Path.Combine(Directory.CreateDirectory(pgdata + "_bootstrap").FullName, "PG_VERSION"), "14\n");

        var (exitCode, output) = Run(pgdata);

        Assert.NotEqual(0, exitCode);
        Assert.Equal($"Expected PostgreSQL version 15, found 14 in {pgdata}_bootstrap", output);
    }
}
