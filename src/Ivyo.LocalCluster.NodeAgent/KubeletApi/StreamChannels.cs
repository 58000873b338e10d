namespace Ivyo.LocalCluster.NodeAgent.KubeletApi;

/// <summary>
/// Kubernetes' WebSocket stream protocol for exec (<c>v4.channel.k8s.io</c> and <c>v5.channel.k8s.io</c>): every
/// binary message starts with its channel byte. v5 adds channel 255, by which the client closes one channel
/// (its stdin) without closing the connection.
/// </summary>
public static class StreamChannels
{
    public const string V5 = "v5.channel.k8s.io";
    public const string V4 = "v4.channel.k8s.io";

    public const byte Stdin = 0;
    public const byte Stdout = 1;
    public const byte Stderr = 2;
    public const byte Error = 3;
    public const byte Resize = 4;
    public const byte Close = 255;

    /// <summary>The protocols we speak, best first.</summary>
    public static IReadOnlyList<string> Supported { get; } = [V5, V4];
}
