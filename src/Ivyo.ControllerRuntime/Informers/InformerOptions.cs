using Ivyo.ControllerRuntime.Timing;

namespace Ivyo.ControllerRuntime.Informers;

/// <summary>What an informer lists and watches, and how it recovers: client-go's <c>ListOptions</c> tweaks and reflector settings.</summary>
public sealed record InformerOptions
{
    /// <summary>Only this namespace; null for every namespace (and for cluster-scoped resources).</summary>
    public string? Namespace { get; init; }

    /// <summary>A label selector, such as <c>app=db,tier!=cache</c>.</summary>
    public string? LabelSelector { get; init; }

    /// <summary>A field selector, such as <c>metadata.name=x</c>.</summary>
    public string? FieldSelector { get; init; }

    /// <summary>The <c>limit</c> of each list page (the reflector's default page size is 500); 0 lists in one go.</summary>
    public int PageSize { get; init; } = 500;

    /// <summary>
    /// The shortest server-side watch timeout; each watch asks for a random one between this and twice this, as the
    /// reflector does with its 5-minute minimum, so that watches of many informers do not all end at once.
    /// </summary>
    public TimeSpan MinWatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The watchdog: a watch on which nothing at all — no event, not even a bookmark — arrives for this long is
    /// dropped and opened again from the last resourceVersion. Infinite turns the watchdog off.
    /// </summary>
    public TimeSpan NoEventTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The back-off between failed lists or watches.</summary>
    public BackoffPolicy Backoff { get; init; } = new();
}
