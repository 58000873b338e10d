namespace Ivyo.LocalCluster.NodeAgent.Probes;

/// <summary>A probe could not connect; the message is Go's net.Dial error, as the kubelet reports it.</summary>
public sealed class ProbeDialException : Exception
{
    public ProbeDialException()
    {
    }

    public ProbeDialException(string message)
        : base(message)
    {
    }

    public ProbeDialException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
