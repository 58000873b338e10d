using System.Text.Json.Nodes;

namespace Ivyo.ControllerRuntime.Cache;

/// <summary>One difference a relist made: an add (no old), an update (both) or a delete (no new).</summary>
internal sealed record CacheChange(JsonObject? Old, JsonObject? New);
