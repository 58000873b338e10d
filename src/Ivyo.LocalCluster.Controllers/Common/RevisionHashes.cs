using System.Globalization;
using System.Text;

namespace Ivyo.LocalCluster.Controllers.Common;

/// <summary>
/// Revision and template hashes as the controllers compute them (<c>controller.ComputeHash</c>, <c>history.HashControllerRevision</c>):
/// FNV-1a 32 over the serialized object and the collision count, rendered with apimachinery's <c>rand.SafeEncodeString</c>
/// alphabet so the hash never spells words or looks like a number.
/// </summary>
internal static class RevisionHashes
{
    private const string SafeAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    /// <summary>The hash of <paramref name="serialized"/> with an optional collision count.</summary>
    public static string Compute(string serialized, int? collisionCount)
    {
        ArgumentNullException.ThrowIfNull(serialized);
        var hash = 2166136261u;
        void Add(ReadOnlySpan<byte> bytes)
        {
            foreach (var b in bytes)
            {
                hash ^= b;
                hash *= 16777619u;
            }
        }

        Add(Encoding.UTF8.GetBytes(serialized));
        if (collisionCount is { } count)
        {
            Span<byte> raw = stackalloc byte[4];
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(raw, count);
            Add(raw);
        }

        var digits = hash.ToString(CultureInfo.InvariantCulture);
        var encoded = new StringBuilder(digits.Length);
        foreach (var c in digits)
        {
            encoded.Append(SafeAlphabet[c % SafeAlphabet.Length]);
        }

        return encoded.ToString();
    }
}
