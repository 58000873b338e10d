using Ivyo.LocalCluster.Controllers.Workloads.CronJobs;

namespace Ivyo.LocalCluster.Controllers.Tests.Workloads;

public sealed class CronScheduleTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 10, 7, 30, TimeSpan.Zero);

    [Theory]
    [InlineData("*/15 * * * *", "2025-03-01T10:15:00+00:00")]
    [InlineData("@hourly", "2025-03-01T11:00:00+00:00")]
    [InlineData("0 9 * * MON", "2025-03-03T09:00:00+00:00")]
    [InlineData("@every 1h30m", "2025-03-01T11:37:30+00:00")]
    [InlineData("TZ=Asia/Tokyo 0 0 * * *", "2025-03-01T15:00:00+00:00")]
    public void Next_follows_the_schedule(string schedule, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), CronSchedule.Parse(schedule, TimeZoneInfo.Utc).Next(Start));

    [Fact]
    public void The_time_zone_decides_the_hour()
    {
        var zone = CronSchedule.FindZone("America/New_York")!;
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 17, 0, 0, TimeSpan.Zero), CronSchedule.Parse("0 12 * * *", zone).Next(Start));
    }

    [Theory]
    [InlineData("* * * * * *")]
    [InlineData("61 * * * *")]
    [InlineData("@every_minute")]
    [InlineData("TZ=Nowhere/Else * * * * *")]
    public void Invalid_schedules_are_refused(string schedule) =>
        Assert.Throws<FormatException>(() => CronSchedule.Parse(schedule, TimeZoneInfo.Utc));
}
