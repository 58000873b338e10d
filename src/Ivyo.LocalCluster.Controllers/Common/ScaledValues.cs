using System.Globalization;
using k8s.Models;

namespace Ivyo.LocalCluster.Controllers.Common;

/// <summary>apimachinery's <c>intstr.GetScaledValueFromIntOrPercent</c>: an int as is, or a percentage of a total rounded up or down.</summary>
internal static class ScaledValues
{
    /// <summary>The value of <paramref name="value"/> against <paramref name="total"/>; throws on a malformed percentage.</summary>
    public static int Get(IntOrString? value, int total, bool roundUp)
    {
        var text = value?.Value;
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        if (!text.EndsWith('%'))
        {
            return int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);
        }

        if (!int.TryParse(text[..^1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var percent))
        {
            throw new FormatException($"invalid value for IntOrString: invalid value \"{text}\"");
        }

        // Integer arithmetic, as Kubernetes computes it: ceil or floor of percent * total / 100.
        var product = (long)percent * total;
        return (int)(roundUp ? (product + 99) / 100 : product / 100);
    }

    /// <summary>Whether <paramref name="value"/> is a percentage.</summary>
    public static bool IsPercent(IntOrString? value) => value?.Value?.EndsWith('%') == true;
}
