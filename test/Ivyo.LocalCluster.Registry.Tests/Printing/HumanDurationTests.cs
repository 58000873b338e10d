using Ivyo.LocalCluster.Registry.Printing;

namespace Ivyo.LocalCluster.Registry.Tests.Printing;

public sealed class HumanDurationTests
{
    [Theory]
    [InlineData(3, "3s")]
    [InlineData(119, "119s")]
    [InlineData(120, "2m")]
    [InlineData(245, "4m5s")]
    [InlineData(600, "10m")]
    [InlineData(179 * 60, "179m")]
    [InlineData(3 * 3600, "3h")]
    [InlineData(4 * 3600 + 8 * 60 + 30, "4h8m")]
    [InlineData(8 * 3600 + 59 * 60, "8h")]
    [InlineData(47 * 3600, "47h")]
    [InlineData(51 * 3600, "2d3h")]
    [InlineData(48 * 3600, "2d")]
    [InlineData(45 * 86400, "45d")]
    [InlineData(800 * 86400, "2y70d")]
    [InlineData(3000 * 86400, "8y")]
    [InlineData(-1, "0s")]
    [InlineData(-5, "<invalid>")]
    public void Formats_like_kubernetes(long seconds, string expected) =>
        Assert.Equal(expected, HumanDuration.Format(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Unset_timestamp_is_unknown() => Assert.Equal("<unknown>", HumanDuration.Since(null, DateTimeOffset.UnixEpoch));
}
