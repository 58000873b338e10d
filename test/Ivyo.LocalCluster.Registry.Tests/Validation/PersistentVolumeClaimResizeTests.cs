using System.Text.Json.Nodes;
using Ivyo.LocalCluster.Registry.Validation;
using static Ivyo.LocalCluster.Registry.Tests.Objects;

namespace Ivyo.LocalCluster.Registry.Tests.Validation;

/// <summary>
/// ValidatePersistentVolumeClaimUpdate's storage rule with RecoverVolumeExpansionFailure on (the 1.32 default): a
/// request may grow; it may go below the previous request only while it stays above status.capacity.
/// </summary>
public sealed class PersistentVolumeClaimResizeTests
{
    private const string Message = "spec.resources.requests.storage: Forbidden: field can not be less than status.capacity";

    private static JsonObject Claim(string storage, string? capacity = null) => Parse(
        "{\"apiVersion\":\"v1\",\"kind\":\"PersistentVolumeClaim\",\"metadata\":{\"name\":\"c\"},"
        + "\"spec\":{\"accessModes\":[\"ReadWriteOnce\"],\"resources\":{\"requests\":{\"storage\":" + storage + "}},"
        + "\"storageClassName\":\"standard\",\"volumeName\":\"pv-1\"},"
        + "\"status\":{\"phase\":\"Bound\"" + (capacity is null ? string.Empty : ",\"capacity\":{\"storage\":" + capacity + "}") + "}}");

    [Fact]
    public void Shrinking_to_or_below_the_capacity_is_forbidden()
    {
        var old = Claim("\"2Gi\"", "\"2Gi\"");

        var error = Assert.Single(UpdateValidation.Validate(old, Claim("\"1Gi\"", "\"2Gi\"")));
        Assert.Equal(Message, error.Message);
        Assert.Equal(Message, Assert.Single(UpdateValidation.Validate(old, Claim("\"2G\"", "\"2Gi\""))).Message);
        Assert.Equal(Message, Assert.Single(UpdateValidation.Validate(Claim("\"3Gi\"", "\"2Gi\""), Claim("\"2048Mi\"", "\"2Gi\""))).Message);
    }

    [Fact]
    public void Growing_keeping_the_size_in_other_units_and_taking_back_a_failed_expansion_are_allowed()
    {
        var old = Claim("\"1Gi\"", "\"1Gi\"");

        Assert.Empty(UpdateValidation.Validate(old, Claim("\"2Gi\"", "\"1Gi\"")));
        Assert.Empty(UpdateValidation.Validate(old, Claim("\"1024Mi\"", "\"1Gi\"")));
        // An expansion to 3Gi that did not happen (capacity still 1Gi) may be reduced to 2Gi.
        Assert.Empty(UpdateValidation.Validate(Claim("\"3Gi\"", "\"1Gi\""), Claim("\"2Gi\"", "\"1Gi\"")));
    }

    [Fact]
    public void Without_a_recorded_capacity_a_smaller_request_is_allowed()
    {
        // A missing status.capacity["storage"] is the zero quantity in Kubernetes, so only a zero request is below it.
        Assert.Empty(UpdateValidation.Validate(Claim("\"2Gi\""), Claim("\"1Gi\"")));
        Assert.Equal(Message, Assert.Single(UpdateValidation.Validate(Claim("\"2Gi\""), Claim("\"0\""))).Message);
    }

    [Fact]
    public void Requests_written_as_json_numbers_compare_by_value()
    {
        Assert.Empty(UpdateValidation.Validate(Claim("2000000000", "\"1G\""), Claim("1500000000", "\"1G\"")));
        Assert.Equal(Message, Assert.Single(UpdateValidation.Validate(Claim("2000000000", "\"1G\""), Claim("1000000000", "\"1G\""))).Message);
    }
}
