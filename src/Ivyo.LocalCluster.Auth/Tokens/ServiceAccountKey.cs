using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Ivyo.LocalCluster.Auth;

/// <summary>
/// The cluster's service-account key (kube-apiserver's --service-account-key-file /
/// --service-account-signing-key-file): ECDSA P-256 signs ES256, RSA signs RS256. Holding only a
/// public key, it verifies. The key id is Kubernetes': base64url(SHA-256(DER SubjectPublicKeyInfo)).
/// </summary>
/// <remarks>
/// The JWTs are made with .NET's own ECDsa/RSA and a small codec (<see cref="JsonWebToken"/>) rather
/// than System.IdentityModel.Tokens.Jwt: the two algorithms and fixed claim set need ~100 lines, and
/// the library would bring its own claim mapping, clock-skew and audience rules that would then have to be
/// bent back into Kubernetes' ones.
/// </remarks>
public sealed class ServiceAccountKey : IDisposable
{
    private readonly ECDsa? _ecdsa;
    private readonly RSA? _rsa;

    private ServiceAccountKey(ECDsa? ecdsa, RSA? rsa)
    {
        _ecdsa = ecdsa;
        _rsa = rsa;
        var publicKey = ecdsa is not null ? ecdsa.ExportSubjectPublicKeyInfo() : rsa!.ExportSubjectPublicKeyInfo();
        KeyId = Base64Url.EncodeToString(SHA256.HashData(publicKey));
        HasPrivateKey = ecdsa is not null ? HasEcPrivateKey(ecdsa) : HasRsaPrivateKey(rsa!);
    }

    /// <summary>"ES256" or "RS256".</summary>
    public string Algorithm => _ecdsa is not null ? "ES256" : "RS256";

    public string KeyId { get; }

    public bool HasPrivateKey { get; }

    /// <summary>A new ECDSA P-256 key.</summary>
    public static ServiceAccountKey GenerateEcdsa() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256), null);

    public static ServiceAccountKey FromEcdsa(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.KeySize != 256)
        {
            throw new ArgumentException("ES256 needs a P-256 key.", nameof(key));
        }

        return new(key, null);
    }

    public static ServiceAccountKey FromRsa(RSA key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.KeySize < 2048)
        {
            throw new ArgumentException("RS256 needs an RSA key of at least 2048 bits.", nameof(key));
        }

        return new(null, key);
    }

    /// <summary>A PEM private or public key: EC ("EC PRIVATE KEY", PKCS#8, SPKI) or RSA.</summary>
    public static ServiceAccountKey FromPem(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        var label = PemEncoding.Find(pem);
        var type = pem[label.Label];
        if (type.Contains("EC", StringComparison.Ordinal))
        {
            var ec = ECDsa.Create();
            ec.ImportFromPem(pem);
            return FromEcdsa(ec);
        }

        if (type.Contains("RSA", StringComparison.Ordinal))
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return FromRsa(rsa);
        }

        // PKCS#8 "PRIVATE KEY" or SPKI "PUBLIC KEY": try EC, then RSA.
        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportFromPem(pem);
            return FromEcdsa(ecdsa);
        }
        catch (CryptographicException)
        {
            ecdsa.Dispose();
        }

        var rsaKey = RSA.Create();
        rsaKey.ImportFromPem(pem);
        return FromRsa(rsaKey);
    }

    /// <summary>The private key as PKCS#8 PEM (to keep the key across restarts).</summary>
    public string ExportPrivateKeyPem() => _ecdsa is not null ? _ecdsa.ExportPkcs8PrivateKeyPem() : _rsa!.ExportPkcs8PrivateKeyPem();

    public string ExportPublicKeyPem() => _ecdsa is not null ? _ecdsa.ExportSubjectPublicKeyInfoPem() : _rsa!.ExportSubjectPublicKeyInfoPem();

    /// <summary>The public key as a JWK, for <c>/openid/v1/jwks</c>.</summary>
    public JsonObject ToJwk()
    {
        if (_ecdsa is not null)
        {
            var p = _ecdsa.ExportParameters(false);
            return new JsonObject
            {
                ["use"] = "sig",
                ["kty"] = "EC",
                ["kid"] = KeyId,
                ["crv"] = "P-256",
                ["alg"] = Algorithm,
                ["x"] = Base64Url.EncodeToString(p.Q.X),
                ["y"] = Base64Url.EncodeToString(p.Q.Y),
            };
        }

        var r = _rsa!.ExportParameters(false);
        return new JsonObject
        {
            ["use"] = "sig",
            ["kty"] = "RSA",
            ["kid"] = KeyId,
            ["alg"] = Algorithm,
            ["n"] = Base64Url.EncodeToString(r.Modulus),
            ["e"] = Base64Url.EncodeToString(r.Exponent),
        };
    }

    internal byte[] Sign(byte[] data)
    {
        if (!HasPrivateKey)
        {
            throw new InvalidOperationException("This service-account key holds only a public key.");
        }

        // ES256 signatures are r||s (IEEE P1363), .NET's default format.
        return _ecdsa is not null
            ? _ecdsa.SignData(data, HashAlgorithmName.SHA256)
            : _rsa!.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    internal bool Verify(byte[] data, byte[] signature) => _ecdsa is not null
        ? _ecdsa.VerifyData(data, signature, HashAlgorithmName.SHA256)
        : _rsa!.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    public void Dispose()
    {
        _ecdsa?.Dispose();
        _rsa?.Dispose();
    }

    private static bool HasEcPrivateKey(ECDsa key)
    {
        try
        {
            return key.ExportParameters(true).D is not null;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static bool HasRsaPrivateKey(RSA key)
    {
        try
        {
            return key.ExportParameters(true).D is not null;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
