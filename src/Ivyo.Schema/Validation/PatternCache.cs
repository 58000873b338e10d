using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Ivyo.Schema.Validation;

/// <summary>
/// Compiles schema patterns once per validator (thread-safe). Kubernetes evaluates them with Go's RE2 engine,
/// unanchored; .NET's engine accepts the same syntax for the patterns CRDs use (RE2 has no backreferences or
/// lookarounds). One difference remains: \d and \w also match non-ASCII digits and letters in .NET.
/// </summary>
internal sealed class PatternCache
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);
    private readonly ConcurrentDictionary<string, (Regex? Regex, string? Error)> _compiled = new(StringComparer.Ordinal);

    /// <summary>Matches <paramref name="input"/>; returns null when the pattern does not compile, with the reason in <paramref name="error"/>.</summary>
    public bool? IsMatch(string pattern, string input, out string? error)
    {
        var (regex, compileError) = _compiled.GetOrAdd(pattern, Compile);
        error = compileError;
        return regex?.IsMatch(input);
    }

    private static (Regex? Regex, string? Error) Compile(string pattern)
    {
        try
        {
            return (new Regex(pattern, RegexOptions.CultureInvariant, Timeout), null);
        }
        catch (ArgumentException e)
        {
            return (null, e.Message);
        }
    }
}
