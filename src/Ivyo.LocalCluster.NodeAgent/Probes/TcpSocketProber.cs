namespace Ivyo.LocalCluster.NodeAgent.Probes;

/// <summary>
/// The tcpSocket probe (pkg/probe/tcp): success when a TCP connection opens within the timeout, which is then closed at
/// once; otherwise a failure whose output is the dial error (<c>dial tcp 127.0.0.1:5432: connect: connection refused</c>).
/// </summary>
internal sealed class TcpSocketProber(ProbeDialer dialer, TimeProvider time)
{
    public async Task<ProbeOutcome> ProbeAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            using var socket = await dialer.ConnectAsync(host, port, linked.Token);
            return ProbeOutcome.Success();
        }
        catch (ProbeDialException e)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return ProbeOutcome.Failure(e.Message);
        }
    }
}
