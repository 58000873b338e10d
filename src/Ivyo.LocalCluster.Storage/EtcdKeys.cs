using System.Text;
using Google.Protobuf;

namespace Ivyo.LocalCluster.Storage;

/// <summary>Keys and key ranges as etcd takes them: UTF-8 bytes, a prefix being the range [prefix, prefix + 1).</summary>
internal static class EtcdKeys
{
    public static ByteString Key(string key) => ByteString.CopyFromUtf8(key);

    /// <summary>The start of the range of keys that start with <paramref name="prefix"/> (etcd rejects an empty key).</summary>
    public static ByteString RangeStart(string prefix) => prefix.Length == 0 ? ByteString.CopyFrom(0) : Key(prefix);

    /// <summary>The exclusive end of the range of keys that start with <paramref name="prefix"/>.</summary>
    public static ByteString RangeEnd(string prefix)
    {
        var bytes = Encoding.UTF8.GetBytes(prefix);
        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            if (bytes[i] < 0xff)
            {
                bytes[i]++;
                return ByteString.CopyFrom(bytes, 0, i + 1);
            }
        }

        // An empty prefix, or one of only 0xff bytes: every key from the prefix on ("\0" means "to the end" to etcd).
        return ByteString.CopyFrom(0);
    }
}
