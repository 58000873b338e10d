namespace Ivyo.LocalCluster.Controllers.Disruption;

/// <summary>The scale of a pod's controller could not be found: the budget fails safe (no disruptions allowed).</summary>
internal sealed class ScaleNotFoundException : Exception
{
    public ScaleNotFoundException()
    {
    }

    public ScaleNotFoundException(string message)
        : base(message)
    {
    }

    public ScaleNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
