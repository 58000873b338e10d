using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Ivyo.LocalCluster.Networking.Namespaces;

namespace Ivyo.LocalCluster.Networking.Tests;

/// <summary>A minimal DNS A query over UDP from inside a pod's namespace (RFC 1035), so tests need no resolver tools.</summary>
internal static class DnsQuery
{
    public static async Task<IReadOnlyList<IPAddress>> ResolveAsync(string namespacePath, IPEndPoint server, string name)
    {
        using var socket = NamespacedSockets.Udp(namespacePath);
        var query = new List<byte> { 0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0 };
        foreach (var label in name.TrimEnd('.').Split('.'))
        {
            query.Add((byte)label.Length);
            query.AddRange(Encoding.ASCII.GetBytes(label));
        }

        query.AddRange([0, 0, 1, 0, 1]);
        await socket.SendToAsync(query.ToArray(), server);
        var buffer = new byte[1500];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        var received = await socket.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), timeout.Token);
        var answer = buffer.AsSpan(0, received.ReceivedBytes);
        var answers = BinaryPrimitives.ReadUInt16BigEndian(answer[6..]);
        var offset = query.Count;
        var addresses = new List<IPAddress>();
        for (var i = 0; i < answers; i++)
        {
            offset += (answer[offset] & 0xC0) == 0xC0 ? 2 : SkipName(answer, offset);
            var type = BinaryPrimitives.ReadUInt16BigEndian(answer[offset..]);
            var length = BinaryPrimitives.ReadUInt16BigEndian(answer[(offset + 8)..]);
            if (type == 1 && length == 4)
            {
                addresses.Add(new IPAddress(answer.Slice(offset + 10, 4)));
            }

            offset += 10 + length;
        }

        return addresses;
    }

    private static int SkipName(ReadOnlySpan<byte> message, int offset)
    {
        var start = offset;
        while (message[offset] != 0)
        {
            offset += message[offset] + 1;
        }

        return offset + 1 - start;
    }
}
