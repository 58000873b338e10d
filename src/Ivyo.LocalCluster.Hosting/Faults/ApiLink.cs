namespace Ivyo.LocalCluster.Hosting.Faults;

/// <summary>
/// A node agent's connection to the API server, which a partition can cut: the node agent runs in this process, so its
/// client goes through this handler. While cut, every request fails as an unreachable server would make it fail, and
/// responses being read (the pod watch) break off as a reset connection does; the node cannot heartbeat, so the node
/// lifecycle controller marks it NotReady, while its pods keep running. Restoring lets requests through again; the
/// informer's retries reconnect.
/// </summary>
public sealed class ApiLink : DelegatingHandler
{
    private readonly Lock _lock = new();
    private CancellationTokenSource _connections = new();
    private bool _cut;

    public string Describe { get; init; } = "the node";

    public bool IsCut
    {
        get
        {
            lock (_lock)
            {
                return _cut;
            }
        }
    }

    /// <summary>Fails new requests and breaks off those under way.</summary>
    public void Cut()
    {
        CancellationTokenSource broken;
        lock (_lock)
        {
            if (_cut)
            {
                return;
            }

            _cut = true;
            broken = _connections;
            _connections = new CancellationTokenSource();
        }

        broken.Cancel();
        broken.Dispose();
    }

    public void Restore()
    {
        lock (_lock)
        {
            _cut = false;
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        CancellationToken connection;
        lock (_lock)
        {
            if (_cut)
            {
                throw Unreachable();
            }

            connection = _connections.Token;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, connection);
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (connection.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw Unreachable();
        }

        response.Content = new CutContent(response.Content, connection, this);
        return response;
    }

    private HttpRequestException Unreachable() =>
        new($"{Describe} is partitioned from the API server", null, System.Net.HttpStatusCode.ServiceUnavailable);

    /// <summary>The response body, whose reads break off when the link is cut.</summary>
    private sealed class CutContent(HttpContent inner, CancellationToken connection, ApiLink link) : HttpContent
    {
        protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) =>
            new CutStream(await inner.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), connection, link);

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await using var source = await CreateContentReadStreamAsync(CancellationToken.None).ConfigureAwait(false);
            await source.CopyToAsync(stream).ConfigureAwait(false);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    private sealed class CutStream(Stream inner, CancellationToken connection, ApiLink link) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, connection);
            try
            {
                return await inner.ReadAsync(buffer, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (connection.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new HttpIOException(HttpRequestError.ConnectionError, link.Unreachable().Message);
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
