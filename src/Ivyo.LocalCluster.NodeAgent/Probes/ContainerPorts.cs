using System.Globalization;
using k8s.Models;

namespace Ivyo.LocalCluster.NodeAgent.Probes;

/// <summary>
/// Resolves a probe's port, as pkg/probe's <c>ResolveContainerPort</c>: a number, or the name of one of the
/// container's ports, or as a last resort a number written as a string; valid when 1–65535.
/// </summary>
internal static class ContainerPorts
{
    /// <summary>The port, or the kubelet's error text (such as <c>strconv.Atoi: parsing "http": invalid syntax</c>).</summary>
    public static (int Port, string? Error) Resolve(IntOrString? port, V1Container container)
    {
        var value = port?.Value;
        if (value is null)
        {
            return (-1, "intOrString had no kind: {Type:0 IntVal:0 StrVal:}");
        }

        var number = container.Ports?.FirstOrDefault(p => p.Name == value)?.ContainerPort;
        if (number is null)
        {
            if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
            {
                return (0, $"strconv.Atoi: parsing {GoStrings.Quote(value)}: invalid syntax");
            }

            number = parsed;
        }

        return number is > 0 and < 65536 ? (number.Value, null) : (number.Value, $"invalid port number: {number}");
    }
}
