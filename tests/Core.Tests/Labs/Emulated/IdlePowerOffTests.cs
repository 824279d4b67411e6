using Microsoft.Extensions.Time.Testing;
using VirtSriov.Core.Labs.Emulated;

namespace VirtSriov.Core.Tests.Labs.Emulated;

public sealed class IdlePowerOffTests
{
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(30);

    [Fact]
    public void ShouldPowerOff_NotUsedSinceBoot_OnlyOnceTheIdleTimeHasPassed()
    {
        var time = new FakeTimeProvider();
        var idle = new IdlePowerOff(time, Idle);

        time.Advance(Idle - TimeSpan.FromSeconds(1));
        var early = idle.ShouldPowerOff(inUse: false);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.False(early);
        Assert.True(idle.ShouldPowerOff(inUse: false));
    }

    [Fact]
    public void ShouldPowerOff_ActiveRunPastTheIdleTime_StaysUpAndCountsIdleFromItsEnd()
    {
        var time = new FakeTimeProvider();
        var idle = new IdlePowerOff(time, Idle);

        time.Advance(TimeSpan.FromMinutes(45));
        var whileRunning = idle.ShouldPowerOff(inUse: true);
        time.Advance(TimeSpan.FromMinutes(29));
        var shortlyAfter = idle.ShouldPowerOff(inUse: false);
        time.Advance(TimeSpan.FromMinutes(1));

        Assert.False(whileRunning);
        Assert.False(shortlyAfter);
        Assert.True(idle.ShouldPowerOff(inUse: false));
    }

    [Fact]
    public void ShouldPowerOff_MarkedUsed_RestartsTheIdleTime()
    {
        var time = new FakeTimeProvider();
        var idle = new IdlePowerOff(time, Idle);

        time.Advance(TimeSpan.FromMinutes(20));
        idle.MarkUsed();
        time.Advance(TimeSpan.FromMinutes(20));

        Assert.False(idle.ShouldPowerOff(inUse: false));
    }
}
