using System.Security.Cryptography;

namespace Ivyo.Operator.Naming;

/// <summary>Randomness for names and passwords, injectable so that rendering can be reproduced.</summary>
public interface IRandomSource
{
    /// <summary>Characters of Kubernetes' <c>util/rand.String</c>: no vowels, no confusable digits.</summary>
    const string KubernetesAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    /// <summary>A random integer in [0, maxExclusive).</summary>
    int Next(int maxExclusive);

    /// <summary>A random string from <see cref="KubernetesAlphabet"/>, as Kubernetes' generated names use.</summary>
    string NextString(int length) => NextString(length, KubernetesAlphabet);

    string NextString(int length, string alphabet)
    {
        return string.Create(length, (this, alphabet), static (span, state) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = state.alphabet[state.Item1.Next(state.alphabet.Length)];
            }
        });
    }
}

/// <summary>Cryptographically strong randomness, for production.</summary>
public sealed class SecureRandomSource : IRandomSource
{
    public int Next(int maxExclusive) => RandomNumberGenerator.GetInt32(maxExclusive);
}

/// <summary>Reproducible randomness from a seed, for tests and <c>ivyo render --seed</c>.</summary>
public sealed class SeededRandomSource(int seed) : IRandomSource
{
    private readonly Random _random = new(seed);

    public int Next(int maxExclusive) => _random.Next(maxExclusive);
}
