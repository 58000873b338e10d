using System.Net;
using k8s.Autorest;

namespace Ivyo.LocalCluster.Controllers.Common;

/// <summary>Classifies failed API calls, as client-go's <c>apierrors.IsNotFound</c> / <c>IsAlreadyExists</c> / <c>IsConflict</c>.</summary>
internal static class ApiErrors
{
    /// <summary>404: the object is gone.</summary>
    public static bool IsNotFound(Exception e) => Status(e) == HttpStatusCode.NotFound;

    /// <summary>409: the object exists already, or the resourceVersion precondition failed.</summary>
    public static bool IsConflict(Exception e) => Status(e) == HttpStatusCode.Conflict;

    /// <summary>The HTTP status of a KubernetesClient failure, if it is one.</summary>
    public static HttpStatusCode? Status(Exception e) => e is HttpOperationException { Response: { } response } ? response.StatusCode : null;

    /// <summary>Runs <paramref name="call"/> and ignores a 404.</summary>
    public static async Task IgnoreNotFoundAsync(Func<Task> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            await call().ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (IsNotFound(e))
        {
        }
    }

    /// <summary>Runs <paramref name="call"/> and ignores a 409 (the object exists already).</summary>
    public static async Task IgnoreConflictAsync(Func<Task> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            await call().ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (IsConflict(e))
        {
        }
    }
}
