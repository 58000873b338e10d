using System.Globalization;
using System.Net;
using System.Net.Mail;
using System.Text.RegularExpressions;

namespace Ivyo.Schema.Validation;

/// <summary>
/// The string formats CRD schemas validate. Kubernetes strips every other format before validating
/// (apiextensions-apiserver pkg/apiserver/validation/formats.go, supportedVersionedFormats), so int32, int64,
/// float and double never reach the validator. The checks follow k8s.io/kube-openapi/pkg/validation/strfmt.
/// </summary>
internal static partial class StringFormats
{
    private static readonly HashSet<string> Supported = new(StringComparer.Ordinal)
    {
        "bsonobjectid", "uri", "email", "hostname", "ipv4", "ipv6", "cidr", "mac", "uuid", "uuid3", "uuid4", "uuid5",
        "isbn", "isbn10", "isbn13", "creditcard", "ssn", "hexcolor", "rgbcolor", "byte", "password", "date", "duration", "datetime",
    };

    /// <summary>The format the validator sees: the schema's format when supported, otherwise empty.</summary>
    public static string Effective(string? format) =>
        !string.IsNullOrEmpty(format) && Supported.Contains(Normalize(format)) ? format : string.Empty;

    private static string Normalize(string format) => format.Replace("-", string.Empty, StringComparison.Ordinal);

    public static bool IsValid(string format, string value) => Normalize(format) switch
    {
        "bsonobjectid" => BsonObjectId().IsMatch(value),
        "uri" => Uri.TryCreate(value, UriKind.Absolute, out _) || (value.StartsWith('/') && Uri.TryCreate(value, UriKind.Relative, out _)),
        "email" => MailAddress.TryCreate(value, out var address) && address.Address.Length > 0,
        "hostname" => IsHostname(value),
        "ipv4" => IPAddress.TryParse(value, out var ip4) && ip4.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && value.Count(c => c == '.') == 3,
        "ipv6" => value.Contains(':', StringComparison.Ordinal) && IPAddress.TryParse(value, out _),
        "cidr" => IsCidr(value),
        "mac" => Mac().IsMatch(value),
        "uuid" => Uuid().IsMatch(value),
        "uuid3" => Uuid3().IsMatch(value),
        "uuid4" => Uuid4().IsMatch(value),
        "uuid5" => Uuid5().IsMatch(value),
        "isbn" => Isbn10().IsMatch(value.Replace("-", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal))
            || Isbn13().IsMatch(value.Replace("-", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal)),
        "isbn10" => Isbn10().IsMatch(value.Replace("-", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal)),
        "isbn13" => Isbn13().IsMatch(value.Replace("-", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal)),
        "creditcard" => CreditCard().IsMatch(new string(value.Where(char.IsAsciiDigit).ToArray())),
        "ssn" => Ssn().IsMatch(value),
        "hexcolor" => HexColor().IsMatch(value),
        "rgbcolor" => RgbColor().IsMatch(value),
        "byte" => IsBase64(value),
        "password" => true,
        "date" => DateTime.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        "duration" => Duration().IsMatch(value),
        "datetime" => IsDateTime(value),
        _ => true,
    };

    private static bool IsHostname(string value)
    {
        if (value.Length > 255 || !Hostname().IsMatch(value))
        {
            return false;
        }

        return value.Split('.').All(label => label.Length <= 63);
    }

    private static bool IsCidr(string value)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || !IPAddress.TryParse(value[..slash], out var address))
        {
            return false;
        }

        var max = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128;
        return int.TryParse(value[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var bits) && bits <= max;
    }

    private static bool IsBase64(string value)
    {
        // govalidator.IsBase64: standard alphabet, padded to a multiple of four.
        if (value.Length % 4 != 0)
        {
            return false;
        }

        return Base64().IsMatch(value);
    }

    // strfmt.ParseDateTime accepts RFC 3339 date-times, with or without a time zone and fraction.
    private static bool IsDateTime(string value)
    {
        var match = DateTimePattern().Match(value);
        if (!match.Success)
        {
            return false;
        }

        var datePart = value[..10];
        return DateTime.TryParseExact(datePart, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            && int.Parse(match.Groups["h"].Value, CultureInfo.InvariantCulture) < 24
            && int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture) < 60
            && (!match.Groups["s"].Success || int.Parse(match.Groups["s"].Value, CultureInfo.InvariantCulture) < 61);
    }

    [GeneratedRegex("^[0-9a-fA-F]{24}$")]
    private static partial Regex BsonObjectId();

    [GeneratedRegex(@"^([a-zA-Z0-9\p{S}\p{L}]((-?[a-zA-Z0-9\p{S}\p{L}]{0,62})?)|([a-zA-Z0-9\p{S}\p{L}](([a-zA-Z0-9-\p{S}\p{L}]{0,61}[a-zA-Z0-9\p{S}\p{L}])?)(\.)){1,}([a-zA-Z0-9\p{S}\p{L}])(-?[a-zA-Z0-9\p{S}\p{L}]){1,62})$")]
    private static partial Regex Hostname();

    [GeneratedRegex("^([0-9A-Fa-f]{2}[:-]){5}([0-9A-Fa-f]{2})$|^([0-9A-Fa-f]{4}\\.){2}([0-9A-Fa-f]{4})$|^([0-9A-Fa-f]{2}[:-]){7}([0-9A-Fa-f]{2})$|^([0-9A-Fa-f]{2}[:-]){19}([0-9A-Fa-f]{2})$")]
    private static partial Regex Mac();

    [GeneratedRegex("^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$", RegexOptions.IgnoreCase)]
    private static partial Regex Uuid();

    [GeneratedRegex("^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$", RegexOptions.IgnoreCase)]
    private static partial Regex Uuid3();

    [GeneratedRegex("^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$", RegexOptions.IgnoreCase)]
    private static partial Regex Uuid4();

    [GeneratedRegex("^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$", RegexOptions.IgnoreCase)]
    private static partial Regex Uuid5();

    [GeneratedRegex("^(?:[0-9]{9}X|[0-9]{10})$")]
    private static partial Regex Isbn10();

    [GeneratedRegex("^(?:[0-9]{13})$")]
    private static partial Regex Isbn13();

    [GeneratedRegex("^(?:4[0-9]{12}(?:[0-9]{3})?|5[1-5][0-9]{14}|(222[1-9]|22[3-9][0-9]|2[3-6][0-9]{2}|27[01][0-9]|2720)[0-9]{12}|6(?:011|5[0-9][0-9])[0-9]{12}|3[47][0-9]{13}|3(?:0[0-5]|[68][0-9])[0-9]{11}|(?:2131|1800|35\\d{3})\\d{11}|6[27][0-9]{14})$")]
    private static partial Regex CreditCard();

    [GeneratedRegex(@"^\d{3}[- ]?\d{2}[- ]?\d{4}$")]
    private static partial Regex Ssn();

    [GeneratedRegex("^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")]
    private static partial Regex HexColor();

    [GeneratedRegex(@"^rgb\(\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*,\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*,\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*\)$")]
    private static partial Regex RgbColor();

    [GeneratedRegex("^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$")]
    private static partial Regex Base64();

    // strfmt.ParseDuration: Go durations ("1h30m", "300ms") or "<n> <unit>" forms ("3 days").
    [GeneratedRegex(@"^(([-+]?(\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+|0|[-+]?\d+\s*(ns|nanoseconds?|us|µs|μs|microseconds?|ms|milliseconds?|s|sec|seconds?|m|min|minutes?|h|hr|hours?|d|days?|w|wk|weeks?))$")]
    private static partial Regex Duration();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt ](?<h>\d{2}):(?<m>\d{2})(:(?<s>\d{2})(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?$")]
    private static partial Regex DateTimePattern();
}
