using System.Text.Json.Nodes;
using Ivyo.ControllerRuntime.Cache;
using Ivyo.ControllerRuntime.Informers;

namespace Ivyo.ControllerRuntime.Tests.Support;

/// <summary>Records an informer's notifications as "Added ns/name", "Updated ns/name old→new", "Deleted ns/name".</summary>
internal sealed class RecordingHandler : IResourceEventHandler
{
    private readonly Lock _lock = new();
    private readonly List<string> _events = [];

    public IReadOnlyList<string> Events
    {
        get
        {
            lock (_lock)
            {
                return [.. _events];
            }
        }
    }

    public void OnAdd(JsonObject obj) => Record($"Added {ObjectKeys.Of(obj)}");

    public void OnUpdate(JsonObject oldObj, JsonObject newObj) => Record($"Updated {ObjectKeys.Of(newObj)} {Value(oldObj)}->{Value(newObj)}");

    public void OnDelete(JsonObject obj) => Record($"Deleted {ObjectKeys.Of(obj)}");

    private static string? Value(JsonObject obj) => (string?)obj["data"]?["v"];

    private void Record(string e)
    {
        lock (_lock)
        {
            _events.Add(e);
        }
    }
}
