using System.Security.Cryptography;
using System.Text;

namespace Ivyo.Operator.Users;

/// <summary>
/// PostgreSQL's SCRAM-SHA-256 password verifier (RFC 5802 and RFC 7677), in the form
/// <c>SCRAM-SHA-256$&lt;iterations&gt;:&lt;salt&gt;$&lt;StoredKey&gt;:&lt;ServerKey&gt;</c> that <c>ALTER ROLE ... PASSWORD</c> accepts.
/// The server keeps only this, never the password.
/// </summary>
public static class ScramVerifier
{
    public const int Iterations = 4096;

    /// <summary>A verifier for <paramref name="password"/> with a fresh 16-byte salt.</summary>
    public static string Create(string password) => Create(password, RandomNumberGenerator.GetBytes(16), Iterations);

    public static string Create(string password, byte[] salt, int iterations)
    {
        var keys = DeriveKeys(password, salt, iterations);
        return $"SCRAM-SHA-256${iterations}:{Convert.ToBase64String(salt)}${Convert.ToBase64String(keys.StoredKey)}:{Convert.ToBase64String(keys.ServerKey)}";
    }

    /// <summary>Whether <paramref name="verifier"/> (in the form <see cref="Create(string)"/> writes) was made from <paramref name="password"/>.</summary>
    public static bool Matches(string password, string verifier)
    {
        // SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>
        var parts = verifier.Split('$');
        if (parts.Length != 3 || parts[0] != "SCRAM-SHA-256")
        {
            return false;
        }

        var iterationsAndSalt = parts[1].Split(':');
        var keys = parts[2].Split(':');
        if (iterationsAndSalt.Length != 2 || keys.Length != 2
            || !int.TryParse(iterationsAndSalt[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var iterations)
            || iterations is < 1 or > 1_000_000)
        {
            return false;
        }

        try
        {
            return Create(password, Convert.FromBase64String(iterationsAndSalt[1]), iterations) == verifier;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>The SCRAM keys of a password. Generated passwords are ASCII, so SASLprep leaves them unchanged.</summary>
    internal static ScramKeys DeriveKeys(string password, byte[] salt, int iterations)
    {
        var salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, 32);
        var clientKey = HMACSHA256.HashData(salted, "Client Key"u8);
        var serverKey = HMACSHA256.HashData(salted, "Server Key"u8);
        return new ScramKeys(clientKey, SHA256.HashData(clientKey), serverKey);
    }
}

internal sealed record ScramKeys(byte[] ClientKey, byte[] StoredKey, byte[] ServerKey);
