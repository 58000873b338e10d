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
