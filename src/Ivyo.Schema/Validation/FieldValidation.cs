namespace Ivyo.Schema.Validation;

/// <summary>The API server's fieldValidation modes for fields the schema does not declare.</summary>
public enum FieldValidation
{
    /// <summary>Unknown fields are dropped silently.</summary>
    Ignore,

    /// <summary>Unknown fields are dropped and each is reported as a warning.</summary>
    Warn,

    /// <summary>Unknown fields are errors.</summary>
    Strict,
}
