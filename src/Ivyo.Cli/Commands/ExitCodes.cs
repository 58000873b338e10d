namespace Ivyo.Cli.Commands;

/// <summary>Process exit codes of every ivyo command.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The command failed for a reason other than its input.</summary>
    public const int Failure = 1;

    /// <summary>The input is invalid: unreadable, or rejected by the schema.</summary>
    public const int InvalidInput = 2;
}
