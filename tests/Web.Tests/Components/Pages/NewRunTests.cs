using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Steps;
using VirtSriov.TestDoubles;
using VirtSriov.Web.Components.Pages;
using VirtSriov.Web.Tests.Fakes;

namespace VirtSriov.Web.Tests.Components.Pages;

public sealed class NewRunTests
{
    [Fact]
    public async Task Create_EngineRefusesSettings_ShowsEachFieldErrorOnItsField()
    {
        await using var context = new DashboardContext();
        var lab = context.Labs.Add(InMemoryLabStore.Simulated());
        context.Engine.CreateError = new RunSettingsException(
        [
            new FieldError("VfCount", "The PF supports at most 64 VFs."),
            new FieldError("Workers[1]", "No domain named worker-9."),
        ]);
        var page = context.Render<NewRun>();

        page.Find("[data-testid=create-run]").Click();

        page.WaitForAssertion(() =>
        {
            Assert.Contains("The PF supports at most 64 VFs.", FieldText(page, "VF count"));
            Assert.Contains("No domain named worker-9.", FieldText(page, "Workers"));
            Assert.DoesNotContain("No domain named worker-9.", FieldText(page, "VF count"));
        }, DashboardContext.Wait);
        Assert.Contains($"create {lab.Id}", context.Engine.Calls);
    }

    [Fact]
    public async Task Create_VfAttributeErrors_ShowOnTheVfFields()
    {
        await using var context = new DashboardContext();
        context.Labs.Add(InMemoryLabStore.Simulated());
        context.Engine.CreateError = new RunSettingsException(
        [
            new FieldError("VfMacPrefix", "01:00:5e is a multicast prefix."),
            new FieldError("VfVlan", "VfVlan is 5000; enter a VLAN id from 1 to 4094."),
        ]);
        var page = context.Render<NewRun>();

        page.Find("[data-testid=create-run]").Click();

        page.WaitForAssertion(() =>
        {
            Assert.Contains("multicast", FieldText(page, "VF MAC prefix"));
            Assert.Contains("5000", FieldText(page, "VF VLAN"));
        }, DashboardContext.Wait);
    }

    [Fact]
    public async Task Render_EmulatedHardwareLab_IsNotOffered()
    {
        await using var context = new DashboardContext();
        var simulated = InMemoryLabStore.Simulated();
        var emulated = simulated with { Id = Guid.NewGuid(), Name = "Emulated hardware (QEMU igb)", Kind = LabKind.EmulatedHardware };
        context.Labs.Add(emulated);
        context.Labs.Add(simulated);
        context.Services.GetRequiredService<NavigationManager>().NavigateTo($"runs/new?lab={emulated.Id}");

        var page = context.Render<NewRun>();

        page.WaitForAssertion(() => Assert.Contains("Simulated lab", page.Markup, StringComparison.Ordinal), DashboardContext.Wait);
        Assert.DoesNotContain("Emulated hardware", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_SimulatedLab_ShowsSimulatedLabel()
    {
        await using var context = new DashboardContext();
        context.Labs.Add(InMemoryLabStore.Simulated());

        var page = context.Render<NewRun>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=simulated]")), DashboardContext.Wait);
    }

    [Fact]
    public async Task Create_OverridesAndForceOffFilledIn_PassesThemToTheEngine()
    {
        await using var context = new DashboardContext();
        context.Labs.Add(InMemoryLabStore.Simulated());
        var page = context.Render<NewRun>();

        Input(page, "VF overrides").Change("virtsriov-worker-0=0000:3b:02.0,0000:3b:02.1; virtsriov-worker-1=0000:3b:02.2");
        page.Find("[data-field=ForceOffWorkers] input[type=checkbox]").Change(true);
        page.Find("[data-testid=create-run]").Click();

        page.WaitForAssertion(() => Assert.NotNull(context.Engine.CreatedSettings), DashboardContext.Wait);
        var settings = context.Engine.CreatedSettings!;
        Assert.Equal(["0000:3b:02.0", "0000:3b:02.1"], settings.VfOverrides["virtsriov-worker-0"]);
        Assert.Equal(["0000:3b:02.2"], settings.VfOverrides["virtsriov-worker-1"]);
        Assert.True(settings.ForceOffWorkers);
        Assert.Equal(VfPlacementMode.RoundRobin, settings.VfPlacement);
    }

    [Fact]
    public async Task Create_OverridesNotWorkerEqualsAddresses_ShowsErrorOnTheFieldWithoutCallingTheEngine()
    {
        await using var context = new DashboardContext();
        context.Labs.Add(InMemoryLabStore.Simulated());
        var page = context.Render<NewRun>();

        Input(page, "VF overrides").Change("virtsriov-worker-0 0000:3b:02.0");
        page.Find("[data-testid=create-run]").Click();

        page.WaitForAssertion(() => Assert.Contains("is not worker=VF address", FieldText(page, "VF overrides")), DashboardContext.Wait);
        Assert.DoesNotContain(context.Engine.Calls, c => c.StartsWith("create", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_EngineRefusesPlacementSettings_ShowsErrorsOnPlacementAndOverrides()
    {
        await using var context = new DashboardContext();
        context.Labs.Add(InMemoryLabStore.Simulated());
        context.Engine.CreateError = new RunSettingsException(
        [
            new FieldError("VfOverrides[virtsriov-worker-1]", "'3b:02.0' in the VF override of virtsriov-worker-1 is not a PCI address."),
            new FieldError("VfPlacement", "No worker VM is pinned to NUMA node 1."),
        ]);
        var page = context.Render<NewRun>();

        page.Find("[data-testid=create-run]").Click();

        page.WaitForAssertion(() =>
        {
            Assert.Contains("is not a PCI address", FieldText(page, "VF overrides"));
            Assert.Contains("No worker VM is pinned to NUMA node 1.", FieldText(page, "VF placement"));
            Assert.Contains("virsh destroy", page.Find("[data-field=ForceOffWorkers]").TextContent);
            Assert.Contains("force off a worker still running", page.Find("[data-testid=force-off-help]").TextContent);
        }, DashboardContext.Wait);
    }

    [Fact]
    public async Task Create_VfCountMinusOneAndVlan4095_AreSentAsTypedAndTheRefusalsShowBesideTheKeptValues()
    {
        await using var context = new DashboardContext();
        context.Labs.Add(InMemoryLabStore.Simulated());
        context.Engine.CreateError = new RunSettingsException(
        [
            new FieldError("VfCount", "VF count is -1; enter 0 (remove the VFs) or more."),
            new FieldError("VfVlan", "VF VLAN is 4095; enter a VLAN id from 1 to 4094, 0 or nothing for untagged."),
            new FieldError("LabId", "This lab does not exist (any more): pick a lab from the list."),
        ]);
        var page = context.Render<NewRun>();

        Input(page, "VF count").Change("-1");
        Input(page, "VF VLAN").Change("4095");
        page.Find("[data-testid=create-run]").Click();

        page.WaitForAssertion(() =>
        {
            Assert.Contains("VF count is -1", FieldText(page, "VF count"), StringComparison.Ordinal);
            Assert.Contains("VF VLAN is 4095", FieldText(page, "VF VLAN"), StringComparison.Ordinal);
            Assert.Contains(page.FindAll(".mud-alert"), a => a.TextContent.Contains("Lab: This lab does not exist", StringComparison.Ordinal));
        }, DashboardContext.Wait);
        Assert.Equal(-1, context.Engine.CreatedSettings!.VfCount);
        Assert.Equal(4095, context.Engine.CreatedSettings.VfVlan);
        Assert.Equal("-1", Input(page, "VF count").GetAttribute("value"));
        Assert.Equal("4095", Input(page, "VF VLAN").GetAttribute("value"));
    }

    [Fact]
    public async Task Create_OverridesSyntaxAndBadClusterName_ShowsBothAtOnceWithoutCallingTheEngine()
    {
        await using var context = new DashboardContext();
        context.Labs.Add(InMemoryLabStore.Simulated());
        var page = context.Render<NewRun>();

        Input(page, "VF overrides").Change("virtsriov-worker-0 0000:3b:02.0; =0000:3b:02.1");
        Input(page, "Cluster name").Change("Bad;Name");
        page.Find("[data-testid=create-run]").Click();

        page.WaitForAssertion(() =>
        {
            var overrides = FieldText(page, "VF overrides");
            Assert.Contains("'virtsriov-worker-0 0000:3b:02.0' is not worker=VF address", overrides, StringComparison.Ordinal);
            Assert.Contains("'=0000:3b:02.1' is not worker=VF address", overrides, StringComparison.Ordinal);
            Assert.Contains("is not a DNS label", FieldText(page, "Cluster name"), StringComparison.Ordinal);
        }, DashboardContext.Wait);
        Assert.DoesNotContain(context.Engine.Calls, c => c.StartsWith("create", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pickers_LabPfsAndDomains_FillThePfAndToggleWorkersKeepingFreeText()
    {
        await using var context = new DashboardContext();
        context.Labs.Add(InMemoryLabStore.Simulated());
        context.LabChoices.Choices = new VirtSriov.Web.Choices.LabChoices(
            [new("0000:5e:00.0", "ens2f0, ice, 128 VFs", true), new("0000:af:00.0", "mlx5_core, 8 VFs, not Intel: unsupported", false)],
            ["my-extra-vm", "virtsriov-worker-0", "virtsriov-worker-1"]);
        var page = context.Render<NewRun>();

        page.WaitForElement("[data-pf='0000:5e:00.0']", DashboardContext.Wait).Click();
        Assert.Equal("true", page.Find("[data-domain='virtsriov-worker-1']").GetAttribute("aria-pressed"));
        page.Find("[data-domain='virtsriov-worker-1']").Click();
        page.Find("[data-domain='my-extra-vm']").Click();
        Assert.Equal("virtsriov-worker-0, my-extra-vm", Input(page, "Workers").GetAttribute("value"));
        page.Find("[data-testid=create-run]").Click();

        page.WaitForAssertion(() => Assert.NotNull(context.Engine.CreatedSettings), DashboardContext.Wait);
        Assert.Equal("0000:5e:00.0", context.Engine.CreatedSettings!.PfAddress);
        Assert.Equal(["virtsriov-worker-0", "my-extra-vm"], context.Engine.CreatedSettings.Workers);
        Assert.Contains("not Intel: unsupported", page.Find("[data-pf='0000:af:00.0']").TextContent, StringComparison.Ordinal);
    }

    private static AngleSharp.Dom.IElement Input(IRenderedComponent<NewRun> page, string label) =>
        page.FindAll(".mud-input-control").Single(c => c.QuerySelector("label")?.TextContent.Trim() == label).QuerySelector("input")!;

    private static string FieldText(IRenderedComponent<NewRun> page, string label) =>
        page.FindAll(".mud-input-control").Single(c => c.QuerySelector("label")?.TextContent.Trim() == label).TextContent;
}
