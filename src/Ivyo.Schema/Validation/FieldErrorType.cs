namespace Ivyo.Schema.Validation;

/// <summary>The kinds of field errors of k8s.io/apimachinery/pkg/util/validation/field, plus unknown fields from strict decoding.</summary>
public enum FieldErrorType
{
    NotFound,
    Required,
    Duplicate,
    Invalid,
    NotSupported,
    Forbidden,
    TooLong,
    TooMany,
    Internal,
    TypeInvalid,

    /// <summary>A field the schema does not declare, reported under fieldValidation=Strict as the API server's strict decoder does.</summary>
    UnknownField,
}
