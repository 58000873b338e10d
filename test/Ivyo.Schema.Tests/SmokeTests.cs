namespace Ivyo.Schema.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void Markers_carry_their_values() => Assert.Equal(3, new Markers.MinimumAttribute(3).Value);
}
