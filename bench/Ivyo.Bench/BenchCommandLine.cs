using System.CommandLine;

namespace Ivyo.Bench;

/// <summary>What every benchmark command shares: option validation, the command line it reports, writing its section.</summary>
public static class BenchCommandLine
{
    /// <summary>The command as the README gives it, with this run's arguments.</summary>
    public static string Text(IReadOnlyList<string> arguments)
    {
#if DEBUG
        const string Configuration = "Debug";
#else
        const string Configuration = "Release";
#endif
        var quoted = arguments.Select(a => a.Length > 0 && a.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or '=' or ',')
            ? a
            : "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'");
        return $"dotnet run -c {Configuration} --project bench/Ivyo.Bench -- {string.Join(' ', quoted)}";
    }

    /// <summary>The <c>--write</c> option: a Markdown file whose section <paramref name="heading"/> is replaced.</summary>
    public static Option<FileInfo?> WriteOption(string heading) => new("--write")
    {
        Description = $"A Markdown file (docs/benchmarks.md) whose \"{heading}\" section is replaced with the results.",
    };

    /// <summary>Replaces the section <paramref name="heading"/> of <paramref name="file"/> (or appends it), keeping the rest.</summary>
    public static async Task WriteSectionAsync(FileInfo file, string heading, string section, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        var existing = file.Exists ? await File.ReadAllTextAsync(file.FullName, cancellationToken) : "# Benchmarks\n";
        await File.WriteAllTextAsync(file.FullName, MarkdownSections.Replace(existing, heading, section), cancellationToken);
        await Console.Error.WriteLineAsync($"Wrote the \"{heading}\" section of {file.FullName}.");
    }

    /// <summary>An integer option of at least 1, with its default.</summary>
    public static Option<int> Count(string name, string description, int defaultValue) =>
        Positive(new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue });

    /// <summary>An integer option of at least 0, with its default.</summary>
    public static Option<int> NotNegativeCount(string name, string description, int defaultValue) =>
        NotNegative(new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue });

    /// <summary>A <c>--store</c> option for benchmarks that run a local cluster: etcd (as <c>ivyo local up</c>) or memory.</summary>
    public static Option<string> StoreOption(string defaultValue)
    {
        var store = new Option<string>("--store")
        {
            Description = "The local cluster's object store: etcd (as ivyo local up runs it) or memory.",
            DefaultValueFactory = _ => defaultValue,
        };
        store.AcceptOnlyFromAmong("etcd", "memory");
        return store;
    }

    /// <summary>
    /// The end of every command: prints how long the measurement took, builds the section for this machine and
    /// source, prints it, and writes it into <paramref name="write"/> when given.
    /// </summary>
    public static async Task PublishAsync(
        string heading, FileInfo? write, long startedTimestamp, Func<MachineInfo, string?, string> section, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(section);
        await Console.Error.WriteLineAsync(
            $"Measured in {System.Diagnostics.Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)} s.");
        var text = section(MachineInfo.Read(), await SourceInfo.DescribeAsync(cancellationToken));
        await Console.Out.WriteLineAsync(text);
        if (write is not null)
        {
            await WriteSectionAsync(write, heading, text, cancellationToken);
        }
    }

    public static Option<int> Positive(Option<int> option)
    {
        ArgumentNullException.ThrowIfNull(option);
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError($"{option.Name} must be at least 1.");
            }
        });
        return option;
    }

    public static Option<int> NotNegative(Option<int> option)
    {
        ArgumentNullException.ThrowIfNull(option);
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 0)
            {
                result.AddError($"{option.Name} must not be negative.");
            }
        });
        return option;
    }
}
