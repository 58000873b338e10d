using System.Security.Cryptography;
using System.Text;
using Ivyo.Operator.Users;

namespace Ivyo.Operator.Tests.Users;

public sealed class ScramVerifierTests
{
    [Fact]
    public void Keys_reproduce_the_rfc_7677_exchange()
    {
        // RFC 7677, section 3: user "user", password "pencil".
        var salt = Convert.FromBase64String("W22ZaJ0SNY7soEsUEjb6gQ==");
        var keys = ScramVerifier.DeriveKeys("pencil", salt, 4096);
        const string authMessage = "n=user,r=rOprNGfwEbeRWgbNEkqO,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";

        var clientSignature = HMACSHA256.HashData(keys.StoredKey, Encoding.UTF8.GetBytes(authMessage));
        var proof = keys.ClientKey.Zip(clientSignature, (a, b) => (byte)(a ^ b)).ToArray();
        Assert.Equal("dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=", Convert.ToBase64String(proof));

        var serverSignature = HMACSHA256.HashData(keys.ServerKey, Encoding.UTF8.GetBytes(authMessage));
        Assert.Equal("6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=", Convert.ToBase64String(serverSignature));
    }

    [Fact]
    public void Verifier_has_postgres_format()
    {
        var verifier = ScramVerifier.Create("pencil", Convert.FromBase64String("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);
        Assert.Matches(@"^SCRAM-SHA-256\$4096:W22ZaJ0SNY7soEsUEjb6gQ==\$[A-Za-z0-9+/]{43}=:[A-Za-z0-9+/]{43}=$", verifier);
        Assert.NotEqual(ScramVerifier.Create("pencil"), ScramVerifier.Create("pencil"));
    }
}
