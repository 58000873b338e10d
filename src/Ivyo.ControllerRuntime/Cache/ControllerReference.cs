namespace Ivyo.ControllerRuntime.Cache;

/// <summary>An object's controlling owner reference (<c>metav1.GetControllerOf</c>).</summary>
public sealed record ControllerReference(string ApiVersion, string Kind, string Name, string Uid)
{
    /// <summary>The group of <see cref="ApiVersion"/>: empty for the core group.</summary>
    public string Group => ApiVersion.Contains('/', StringComparison.Ordinal) ? ApiVersion[..ApiVersion.IndexOf('/', StringComparison.Ordinal)] : "";
}
