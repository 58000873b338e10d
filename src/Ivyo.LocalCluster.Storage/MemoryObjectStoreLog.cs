using Microsoft.Extensions.Logging;

namespace Ivyo.LocalCluster.Storage;

internal static partial class MemoryObjectStoreLog
{
    [LoggerMessage(Level = LogLevel.Warning,
        Message = "A watch on {Prefix} fell more than {BufferSize} events behind at revision {Revision} and was ended; its client must relist")]
    public static partial void WatcherOverflowed(ILogger logger, string prefix, long revision, int bufferSize);
}
