using Bunit;
using VirtSriov.Core.Host.Remote;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Steps;
using VirtSriov.Web.Components.Pages;
using VirtSriov.Web.EmulatedLab;
using VirtSriov.Web.Tests.Fakes;

namespace VirtSriov.Web.Tests.Components.Pages;

public sealed class LabsTests
{
    [Fact]
    public async Task Render_EmulatedLabNotPrepared_SaysWhatToRunAndDisablesTheButton()
    {
        await using var context = new DashboardContext();
        context.EmulatedLab.Readiness = new EmulatedLabReadiness("The emulated lab is not prepared on this machine: vmlinuz missing.", EmulatedLabRunner.PrepareCommand);

        var page = context.Render<Labs>();

        page.WaitForAssertion(() =>
        {
            var alert = page.Find("[data-testid=emulated-lab-not-ready]").TextContent;
            Assert.Contains("not prepared", alert, StringComparison.Ordinal);
            Assert.Contains("sudo bash scripts/install-prereqs.sh --lab", alert, StringComparison.Ordinal);
            Assert.True(page.Find("[data-testid=run-emulated-lab]").HasAttribute("disabled"));
        }, DashboardContext.Wait);
    }

    [Fact]
    public async Task Run_EmulatedLab_FollowsTheConsoleLiveAndLinksTheImportedRun()
    {
        await using var context = new DashboardContext();
        var page = context.Render<Labs>();
        page.WaitForAssertion(() => Assert.False(page.Find("[data-testid=run-emulated-lab]").HasAttribute("disabled")), DashboardContext.Wait);

        await page.Find("[data-testid=run-emulated-lab]").ClickAsync(new());
        var job = context.EmulatedLab.Current!;
        job.Append(["virtsriov-lab: job starting at 9.8 s", "[    20.8s] command write /sys/bus/pci/devices/0000:00:04.0/sriov_numvfs 7"]);

        page.WaitForAssertion(() =>
        {
            Assert.Equal("Running", page.Find("[data-testid=emulated-lab-job]").GetAttribute("data-status"));
            Assert.Contains("sriov_numvfs 7", page.Find("[role=log][aria-label='Emulated lab console']").TextContent, StringComparison.Ordinal);
            Assert.True(page.Find("[data-testid=run-emulated-lab]").HasAttribute("disabled"));
        }, DashboardContext.Wait);
        var runId = Guid.NewGuid();
        job.Finish(runId, failure: null);
        page.WaitForAssertion(() => Assert.Equal($"/runs/{runId}", page.Find("[data-testid=emulated-lab-run]").GetAttribute("href")), DashboardContext.Wait);
        Assert.Equal((7, 2, 8), (context.EmulatedLab.Started[0].VfCount, context.EmulatedLab.Started[0].TestpmdVfs, context.EmulatedLab.Started[0].TestpmdSeconds));
    }

    [Fact]
    public async Task Boot_EmulatedHypervisorFails_ShowsTheCauseAndTheFix()
    {
        await using var context = new DashboardContext();
        context.Hypervisor.Failure = new VirtSriov.Core.Steps.ActionableException("The emulated lab could not start as a hypervisor: the guest stopped before it was ready.", "Read the guest's console.");
        var page = context.Render<Labs>();

        await page.Find("[aria-label='Emulated hypervisor'] button").ClickAsync(new());

        page.WaitForAssertion(() =>
        {
            var text = page.Find("[aria-label='Emulated hypervisor']").TextContent;
            Assert.Contains("guest stopped before it was ready", text, StringComparison.Ordinal);
            Assert.Contains("Read the guest's console.", text, StringComparison.Ordinal);
            Assert.Contains("Powered off.", text, StringComparison.Ordinal);
        }, DashboardContext.Wait);
    }

    [Fact]
    public async Task Edit_HostLab_SavesTheFieldsAuditsAndEndsEditing()
    {
        await using var context = new DashboardContext();
        var lab = context.Labs.Add(new LabDefinition(Guid.NewGuid(), "kvm1", LabKind.Host, "/", "qemu:///system", false, DateTimeOffset.UnixEpoch));
        var page = context.Render<Labs>();
        await page.Find($"[aria-label='Edit {lab.Name}']").ClickAsync(new());

        page.Find("input[data-field=Name]").Change("kvm1-renamed");
        await page.Find("[data-testid=save-lab]").ClickAsync(new());

        page.WaitForAssertion(() =>
        {
            Assert.Equal("kvm1-renamed", context.Labs.GetAsync(lab.Id, Xunit.TestContext.Current.CancellationToken).Result!.Name);
            Assert.Contains(context.Audit.Entries, e => e.Action == "lab.edit" && e.Detail.Contains("kvm1-renamed", StringComparison.Ordinal));
            Assert.Empty(page.FindAll("[data-testid=save-lab]"));
            Assert.Contains("Add a host lab", page.Markup, StringComparison.Ordinal);
        }, DashboardContext.Wait);
    }

    [Fact]
    public async Task Edit_BadUri_NamedOnTheFieldAndNothingSaved()
    {
        await using var context = new DashboardContext();
        var lab = context.Labs.Add(new LabDefinition(Guid.NewGuid(), "kvm1", LabKind.Host, "/", "qemu:///system", false, DateTimeOffset.UnixEpoch));
        var page = context.Render<Labs>();
        await page.Find($"[aria-label='Edit {lab.Name}']").ClickAsync(new());

        page.Find("input[data-field=LibvirtUri]").Change("xen:///system");
        await page.Find("[data-testid=save-lab]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("scheme 'xen'", page.Markup, StringComparison.Ordinal), DashboardContext.Wait);
        Assert.Equal("qemu:///system", (await context.Labs.GetAsync(lab.Id, Xunit.TestContext.Current.CancellationToken))!.LibvirtUri);
        Assert.DoesNotContain(context.Audit.Entries, e => e.Action == "lab.edit");
    }

    [Fact]
    public async Task Delete_AskedFirst_ThenRemovedAndAudited_OrRefusedWithTheReason()
    {
        await using var context = new DashboardContext();
        var spare = context.Labs.Add(new LabDefinition(Guid.NewGuid(), "spare", LabKind.Host, "/", "qemu:///system", false, DateTimeOffset.UnixEpoch));
        var used = context.Labs.Add(new LabDefinition(Guid.NewGuid(), "used", LabKind.Host, "/", "qemu:///system", false, DateTimeOffset.UnixEpoch));
        context.Labs.LabsWithRuns.Add(used.Id);
        var page = context.Render<Labs>();

        await page.Find("[aria-label='Delete spare']").ClickAsync(new());
        Assert.Contains("Delete lab 'spare'?", page.Find("[data-testid=confirm-delete-lab]").TextContent, StringComparison.Ordinal);
        Assert.NotNull(await context.Labs.GetAsync(spare.Id, Xunit.TestContext.Current.CancellationToken));
        await page.Find("[data-testid=delete-lab]").ClickAsync(new());
        await page.Find("[aria-label='Delete used']").ClickAsync(new());
        await page.Find("[data-testid=delete-lab]").ClickAsync(new());

        page.WaitForAssertion(() =>
        {
            Assert.Null(context.Labs.GetAsync(spare.Id, Xunit.TestContext.Current.CancellationToken).Result);
            Assert.Contains(context.Audit.Entries, e => e.Action == "lab.delete" && e.Detail.Contains("spare", StringComparison.Ordinal));
            Assert.NotNull(context.Labs.GetAsync(used.Id, Xunit.TestContext.Current.CancellationToken).Result);
            Assert.Contains("has runs in the history", page.Find("tr[data-lab=used]").TextContent, StringComparison.Ordinal);
        }, DashboardContext.Wait);
    }

    [Fact]
    public async Task ConfirmHostKey_UnknownKey_ShowsTheFingerprintTrustsItOnConfirmAndAudits()
    {
        await using var context = new DashboardContext();
        var lab = context.Labs.Add(new LabDefinition(Guid.NewGuid(), "rack-7", LabKind.Host, "/", "qemu+ssh://root@rack-7/system", false, DateTimeOffset.UnixEpoch));
        const string fingerprint = "SHA256:Qk2dfV0gJ3m4cX9mV1nqT2kY1b0h8x5u3w7e6r4t2y0";
        context.HostKeys.States[lab.Id] = new HostKeyState(HostKeyVerdict.Unknown, "ssh-ed25519", fingerprint, "root@rack-7:22 is not in known_hosts yet.", "Compare the fingerprint with ssh-keygen -lf on the host.");
        var page = context.Render<Labs>();
        page.WaitForAssertion(() => Assert.Contains(fingerprint, page.Find("[data-lab=rack-7] [data-testid=host-key]").TextContent, StringComparison.Ordinal), DashboardContext.Wait);

        await page.Find("[data-lab=rack-7] [data-testid=confirm-host-key]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal("trusted", page.Find("[data-lab=rack-7] [data-testid=host-key]").TextContent.Trim()), DashboardContext.Wait);
        Assert.Equal([(lab.Id, fingerprint)], context.HostKeys.Confirmed);
        Assert.Contains(context.Audit.Entries, e => e.Action == "lab.host-key" && e.Detail.Contains(fingerprint, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Render_ChangedHostKey_RefusesWithWhatToDoAndOffersNoConfirm()
    {
        await using var context = new DashboardContext();
        var lab = context.Labs.Add(new LabDefinition(Guid.NewGuid(), "rack-8", LabKind.Host, "/", "qemu+ssh://root@rack-8/system", false, DateTimeOffset.UnixEpoch));
        context.HostKeys.States[lab.Id] = new HostKeyState(HostKeyVerdict.Changed, null, null, "root@rack-8:22 offered the host key ssh-ed25519 SHA256:AAAA, which differs from the one in known_hosts: refused.", "Find out why the key changed; only if the host was reinstalled, remove its line (ssh-keygen -R).");

        var page = context.Render<Labs>();

        page.WaitForAssertion(() =>
        {
            var cell = page.Find("[data-lab=rack-8] [data-testid=host-key]");
            Assert.Contains("Refused", cell.TextContent, StringComparison.Ordinal);
            Assert.Contains("ssh-keygen -R", cell.TextContent, StringComparison.Ordinal);
            Assert.Empty(cell.QuerySelectorAll("[data-testid=confirm-host-key]"));
        }, DashboardContext.Wait);
    }
}
