using Ivyo.Operator.Naming;

namespace Ivyo.Operator.Users;

/// <summary>Generated passwords of the kinds <c>spec.users[].password.type</c> allows.</summary>
public static class PasswordGenerator
{
    public const int Length = 24;

    private const string AlphaNumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    // Printable US-ASCII without space, quotes, backslash, '@', ':', '/', '?', '#', '%' and '&', so that a password can
    // sit inside a connection URI and a JDBC URL without escaping.
    private const string Ascii = AlphaNumeric + "!$()*+,-.;<=>[]^_{|}~";

    public static string Generate(string? type, IRandomSource random) =>
        random.NextString(Length, type == "AlphaNumeric" ? AlphaNumeric : Ascii);
}
