using System.Text.Json.Nodes;

namespace Ivyo.Manifests;

/// <summary>One object of a manifest file, with where it came from for error messages.</summary>
public sealed record ManifestDocument(JsonObject Object, string Source, int Index)
{
    public string? ApiVersion => (string?)Object["apiVersion"];

    public string? Kind => (string?)Object["kind"];

    public string? Name => (string?)Object["metadata"]?["name"];

    public string? Namespace => (string?)Object["metadata"]?["namespace"];

    public override string ToString() => $"{Kind ?? "<no kind>"}/{Name ?? "<no name>"} ({Source}, document {Index + 1})";
}

/// <summary>A manifest that can't be read: the message says which file, where, and what is wrong.</summary>
public sealed class ManifestException(string message, Exception? inner = null) : Exception(message, inner);
