using Bunit;
using VirtSriov.Web.Components.Controls;
using VirtSriov.Web.Tests.Fakes;

namespace VirtSriov.Web.Tests.Components.Controls;

public sealed class FailureAlertTests
{
    [Fact]
    public async Task Render_FailureWithFixAndCall_ShowsMessageFixAndFailedCall()
    {
        await using var context = new DashboardContext();
        var failure = new ActionableFailure("sriov_numvfs: EBUSY", "Set sriov_numvfs to 0 first.", "write /sys/bus/pci/devices/0000:3b:00.0/sriov_numvfs 4");

        var alert = context.Render<FailureAlert>(p => p.Add(x => x.Failure, failure).Add(x => x.TestId, "wizard-error"));

        var text = alert.Find("[data-testid=wizard-error]").TextContent;
        Assert.Contains("sriov_numvfs: EBUSY", text, StringComparison.Ordinal);
        Assert.Contains("Fix: Set sriov_numvfs to 0 first.", text, StringComparison.Ordinal);
        Assert.Equal("write /sys/bus/pci/devices/0000:3b:00.0/sriov_numvfs 4", alert.Find("code").TextContent);
    }

    [Fact]
    public async Task Render_MessageOnly_ShowsNoFixOrCallLines()
    {
        await using var context = new DashboardContext();

        var alert = context.Render<FailureAlert>(p => p.Add(x => x.Failure, new ActionableFailure("The run is Succeeded.")));

        Assert.Contains("The run is Succeeded.", alert.Find(".mud-alert").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Fix:", alert.Markup, StringComparison.Ordinal);
        Assert.Empty(alert.FindAll("code"));
    }

    [Fact]
    public async Task Render_NoFailure_RendersNothing()
    {
        await using var context = new DashboardContext();

        var alert = context.Render<FailureAlert>(p => p.Add(x => x.Failure, null));

        Assert.Empty(alert.FindAll(".mud-alert"));
    }
}
