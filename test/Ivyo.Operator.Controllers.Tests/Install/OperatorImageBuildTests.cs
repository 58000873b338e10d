using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Ivyo.Operator.Controllers.Tests.Install;

/// <summary>
/// The operator image's build stage (<c>build/Dockerfile</c>), run without Docker (this machine has none): the files
/// its <c>COPY</c> lines name, and only those, are copied to a scratch directory standing for its <c>WORKDIR</c>,
/// and its <c>RUN</c> line runs there with the same SDK. The published output must hold what the final stage's
/// <c>ENTRYPOINT</c> starts. What is not exercised: pulling the base images and Docker itself.
/// </summary>
public sealed partial class OperatorImageBuildTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("ivyo-image-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public async Task The_build_stage_publishes_what_the_entrypoint_runs_from_the_copied_files_alone()
    {
        var root = RepositoryRoot();
        Assert.Equal(["**/bin", "**/obj"], File.ReadAllLines(Path.Combine(root, ".dockerignore")).Where(line => !line.StartsWith('#')));
        var lines = File.ReadAllLines(Path.Combine(root, "build", "Dockerfile")).Where(line => !line.TrimStart().StartsWith('#')).ToList();
        var stages = lines.Select((line, index) => (line, index)).Where(pair => pair.line.StartsWith("FROM ", StringComparison.Ordinal)).Select(pair => pair.index).ToList();
        Assert.Equal(2, stages.Count);
        var build = lines[stages[0]..stages[1]];
        var final = lines[stages[1]..];

        var workdir = Path.Combine(_scratch, "src");
        var output = Path.Combine(_scratch, "out");
        Directory.CreateDirectory(workdir);
        Assert.Equal("WORKDIR /src", Assert.Single(build, line => line.StartsWith("WORKDIR ", StringComparison.Ordinal)));
        foreach (var copy in build.Where(line => line.StartsWith("COPY ", StringComparison.Ordinal)))
        {
            var words = copy.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..];
            var destination = Path.Combine(workdir, words[^1]);
            foreach (var source in words[..^1])
            {
                CopyInto(Path.Combine(root, source), destination, source.EndsWith('/'));
            }
        }

        var run = Assert.Single(build, line => line.StartsWith("RUN ", StringComparison.Ordinal))["RUN ".Length..];
        Assert.Contains(" -o /out ", run, StringComparison.Ordinal);
        var (exitCode, log) = await RunAsync(workdir, run.Replace(" -o /out ", $" -o {output} ", StringComparison.Ordinal));
        Assert.True(exitCode == 0, log);

        // COPY --from=build /out /app, then ENTRYPOINT ["dotnet", "/app/<dll>"]: that file must have been published.
        Assert.Contains("COPY --from=build /out /app", final);
        var entrypoint = EntrypointDll().Match(Assert.Single(final, line => line.StartsWith("ENTRYPOINT ", StringComparison.Ordinal)));
        Assert.True(entrypoint.Success);
        Assert.True(File.Exists(Path.Combine(output, entrypoint.Groups["dll"].Value)), $"{entrypoint.Groups["dll"].Value} was not published: {log}");
        Assert.True(File.Exists(Path.Combine(output, Path.ChangeExtension(entrypoint.Groups["dll"].Value, ".runtimeconfig.json"))));
    }

    [GeneratedRegex("""^ENTRYPOINT \["dotnet", "/app/(?<dll>[^"]+)"\]$""")]
    private static partial Regex EntrypointDll();

    private static void CopyInto(string source, string destination, bool directory)
    {
        if (!directory)
        {
            Directory.CreateDirectory(destination);
            File.Copy(source, Path.Combine(destination, Path.GetFileName(source)));
            return;
        }

        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            // .dockerignore keeps a local build's bin and obj directories out of the build context.
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            {
                continue;
            }

            var target = Path.Combine(destination, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static async Task<(int ExitCode, string Log)> RunAsync(string directory, string command)
    {
        var start = new ProcessStartInfo("bash", ["-c", command]) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Ivyo.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Ivyo.slnx) was not found above " + AppContext.BaseDirectory);
    }
}
