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
