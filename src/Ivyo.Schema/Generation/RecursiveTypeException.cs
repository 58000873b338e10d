namespace Ivyo.Schema.Generation;

/// <summary>
/// Thrown when a type refers to itself through its properties: a structural schema has no references,
/// so a recursive type cannot be described.
/// </summary>
public sealed class RecursiveTypeException : Exception
{
    public RecursiveTypeException()
    {
    }

    public RecursiveTypeException(string message)
        : base(message)
    {
    }

    public RecursiveTypeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RecursiveTypeException(IReadOnlyList<Type> chain)
        : base(BuildMessage(chain))
    {
        Chain = chain;
    }

    /// <summary>The types from the outermost to the repeated one.</summary>
    public IReadOnlyList<Type> Chain { get; } = [];

    private static string BuildMessage(IReadOnlyList<Type> chain) =>
        $"Type {chain[^1].FullName} is recursive ({string.Join(" -> ", chain.Select(t => t.Name))}). " +
        "A Kubernetes structural schema cannot describe recursive types: break the cycle or mark the property [PreserveUnknownFields].";
}
