using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Ivyo.ControllerRuntime.Resources;
using Microsoft.Extensions.Logging;

namespace Ivyo.Operator.Controllers.Events;

/// <summary>
/// Records core/v1 Events about an object, as client-go's event recorder: a repeat of the same event (same object,
/// type, reason and message) within <see cref="RepeatWindow"/> raises the first one's <c>count</c> instead of creating
/// another. Recording never fails the caller: an event that cannot be written is logged.
/// </summary>
public sealed partial class EventRecorder(ResourceClient client, string component, TimeProvider time, ILogger<EventRecorder> logger)
{
    /// <summary>How long a recorded event is bumped rather than recorded anew.</summary>
    public static readonly TimeSpan RepeatWindow = TimeSpan.FromMinutes(10);

    private const int MaxRemembered = 4096;
    private static readonly ResourceType s_events = new("", "v1", "events", true);

    private long _sequence;
    private readonly ConcurrentDictionary<(string Uid, string Type, string Reason, string Message), Recorded> _recent = new();

    /// <summary>A Normal event.</summary>
    public Task NormalAsync(EventSubject subject, string reason, string message, CancellationToken cancellationToken) =>
        RecordAsync(subject, "Normal", reason, message, cancellationToken);

    /// <summary>A Warning event.</summary>
    public Task WarningAsync(EventSubject subject, string reason, string message, CancellationToken cancellationToken) =>
        RecordAsync(subject, "Warning", reason, message, cancellationToken);

    private async Task RecordAsync(EventSubject subject, string type, string reason, string message, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var timestamp = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var key = (subject.Uid, type, reason, message);
        try
        {
            if (_recent.TryGetValue(key, out var recorded) && now - recorded.First < RepeatWindow)
            {
                var count = Interlocked.Increment(ref recorded.Count);
                await client.MergePatchAsync(s_events, subject.Namespace, recorded.Name,
                    new JsonObject { ["count"] = count, ["lastTimestamp"] = timestamp }, cancellationToken).ConfigureAwait(false);
                return;
            }

            var created = await client.CreateAsync(s_events, new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Event",
                ["metadata"] = new JsonObject
                {
                    // Like client-go: the object's name and the time in nanoseconds, made unique within this process.
                    ["name"] = $"{subject.Name}.{now.ToUnixTimeMilliseconds() * 1_000_000 + Interlocked.Increment(ref _sequence) % 1_000_000:x}",
                    ["namespace"] = subject.Namespace,
                },
                ["involvedObject"] = new JsonObject
                {
                    ["apiVersion"] = subject.ApiVersion,
                    ["kind"] = subject.Kind,
                    ["name"] = subject.Name,
                    ["namespace"] = subject.Namespace,
                    ["uid"] = subject.Uid,
                    ["resourceVersion"] = subject.ResourceVersion,
                },
                ["type"] = type,
                ["reason"] = reason,
                ["message"] = message,
                ["source"] = new JsonObject { ["component"] = component },
                ["reportingComponent"] = component,
                ["firstTimestamp"] = timestamp,
                ["lastTimestamp"] = timestamp,
                ["count"] = 1,
            }, cancellationToken).ConfigureAwait(false);

            if (_recent.Count >= MaxRemembered)
            {
                _recent.Clear();
            }

            _recent[key] = new Recorded((string?)created["metadata"]?["name"] ?? "", now);
        }
        catch (Exception e) when (e is ApiStatusException or HttpRequestException)
        {
            LogNotRecorded(logger, e, type, reason, subject.Kind, subject.Namespace, subject.Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record {Type} event {Reason} on {Kind} {Namespace}/{Name}")]
    private static partial void LogNotRecorded(ILogger logger, Exception exception, string type, string reason, string kind, string @namespace, string name);

    private sealed class Recorded(string name, DateTimeOffset first)
    {
        public int Count = 1;

        public string Name { get; } = name;

        public DateTimeOffset First { get; } = first;
    }
}

/// <summary>The object an event is about.</summary>
public sealed record EventSubject(string ApiVersion, string Kind, string Namespace, string Name, string Uid, string? ResourceVersion);
