using System.Globalization;
using System.Text;
using Ivyo.Api.V1Beta1;

namespace Ivyo.Operator.PgBackRest;

/// <summary>
/// The hash of the cloud repositories' options, stored as <c>config-hash</c> next to the configuration. Stanza creation
/// and backup jobs compare it with the file they see, to wait until a configuration change has reached the pod. It is
/// ivory-operator's value (32-bit FNV-1 of the options, encoded as Kubernetes encodes hashes), so clusters it created
/// keep their hash.
/// </summary>
public static class PgBackRestConfigHash
{
    /// <summary>The hash of each cloud repository's options, by repository name.</summary>
    public static IReadOnlyDictionary<string, string> ByRepo(IvoryCluster cluster)
    {
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var repo in cluster.Spec.Backups.PgBackRest.Repos.Where(repo => repo.Volume is null))
        {
            string[]? options = repo switch
            {
                { Azure: { } azure } => [azure.Container],
                { Gcs: { } gcs } => [gcs.Bucket],
                { S3: { } s3 } => [s3.Bucket, s3.Endpoint, s3.Region],
                _ => null,
            };
            if (options is not null)
            {
                hashes[repo.Name] = SafeHash(options);
            }
        }

        return hashes;
    }

    /// <summary>The hash of the per-repository hashes, in repository order repo1 to repo4.</summary>
    public static string Compute(IvoryCluster cluster)
    {
        var byRepo = ByRepo(cluster);
        var ordered = Enumerable.Range(1, 4)
            .Select(i => "repo" + i.ToString(CultureInfo.InvariantCulture))
            .Where(byRepo.ContainsKey)
            .Select(name => byRepo[name]);
        return SafeHash(ordered);
    }

    /// <summary>32-bit FNV-1 over the UTF-8 of the parts, in decimal, each digit mapped onto Kubernetes' safe alphabet.</summary>
    internal static string SafeHash(IEnumerable<string> parts)
    {
        const uint OffsetBasis = 2166136261;
        const uint Prime = 16777619;
        const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";

        var hash = OffsetBasis;
        foreach (var b in parts.SelectMany(Encoding.UTF8.GetBytes))
        {
            hash = unchecked(hash * Prime) ^ b;
        }

        var digits = hash.ToString(CultureInfo.InvariantCulture);
        return string.Concat(digits.Select(c => Alphabet[c % Alphabet.Length]));
    }
}
