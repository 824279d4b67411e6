using Bunit;
using VirtSriov.Core.Host.Persistence;
using VirtSriov.Web.Components.Controls;
using VirtSriov.Web.Tests.Fakes;

namespace VirtSriov.Web.Tests.Components.Controls;

public sealed class RebootCheckPanelTests
{
    [Fact]
    public async Task Reboot_Confirmed_NamesWhatItInterruptsFirstThenShowsEachComparisonAndAudits()
    {
        await using var context = new DashboardContext();
        var runId = Guid.NewGuid();
        context.Reboot.Report = new RebootCheckReport("root@127.0.0.1:2222", 312,
        [
            new("VFs of 0000:00:04.0", "2", "2", true),
            new("MAC of VF 1", "02:76:73:00:20:01", "00:00:00:00:00:00", false),
        ]);
        var panel = context.Render<RebootCheckPanel>(p => p.Add(c => c.RunId, runId));

        await panel.Find("[data-testid=reboot-check]").ClickAsync(new());
        panel.WaitForAssertion(() => Assert.Contains("running domains none", panel.Find("[data-testid=reboot-interruptions]").TextContent, StringComparison.Ordinal), DashboardContext.Wait);
        Assert.Empty(context.Reboot.Rebooted);
        await panel.Find("[data-testid=confirm-reboot]").ClickAsync(new());

        panel.WaitForAssertion(() =>
        {
            Assert.Contains("NOT restored as recorded", panel.Find("[data-testid=reboot-verdict]").TextContent, StringComparison.Ordinal);
            Assert.Contains("differs", panel.Find("[aria-label='Reboot check']").TextContent, StringComparison.Ordinal);
        }, DashboardContext.Wait);
        Assert.Equal([runId], context.Reboot.Rebooted);
        Assert.Equal(2, context.Audit.Entries.Count(e => e.Action == "run.reboot-check" && e.Detail.Contains(runId.ToString(), StringComparison.Ordinal)));
    }
}
