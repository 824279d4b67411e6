using Bunit;
using VirtSriov.Core.Runs.Events;
using VirtSriov.Core.Steps;
using VirtSriov.Web.Components.Controls;
using VirtSriov.Web.Tests.Fakes;

namespace VirtSriov.Web.Tests.Components.Controls;

public sealed class RunLogTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Render_StepLine_NamesTheStepInWords()
    {
        await using var context = new DashboardContext();
        RunEvent[] events = [new(Guid.NewGuid(), 1, Start, RunEventKind.Log, StepKind.VirtualFunctions, "created 2 VFs")];

        var log = context.Render<RunLog>(p => p.Add(x => x.Events, events));

        Assert.Equal("Virtual functions", log.Find(".run-log-step").TextContent);
    }

    [Fact]
    public async Task Render_FirstTime_FollowsTheTailOnce()
    {
        await using var context = new DashboardContext();
        var log = context.Render<RunLog>(p => p.Add(x => x.Events, []));

        log.Render(p => p.Add(x => x.Events, []));

        var follow = Assert.Single(context.JSInterop.Invocations, i => i.Identifier == "virtSriov.followLog");
        Assert.IsType<Microsoft.AspNetCore.Components.ElementReference>(follow.Arguments[0]);
    }

    [Theory]
    [InlineData(StepKind.VirtualFunctions, "Virtual functions")]
    [InlineData(StepKind.DpdkTest, "DPDK test")]
    [InlineData(StepKind.WorkerVms, "Worker VMs")]
    public void DisplayName_EveryStep_IsWords(StepKind step, string expected) => Assert.Equal(expected, step.DisplayName());
}
