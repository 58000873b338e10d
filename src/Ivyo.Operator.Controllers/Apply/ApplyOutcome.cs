namespace Ivyo.Operator.Controllers.Apply;

/// <summary>What applying one object did.</summary>
public enum ApplyOutcome
{
    /// <summary>The live object already held the configuration; no request was sent.</summary>
    Unchanged,

    /// <summary>The object did not exist and was created.</summary>
    Created,

    /// <summary>The object existed and was changed.</summary>
    Updated,
}
