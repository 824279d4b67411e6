using Bunit;
using VirtSriov.Core.Steps;
using VirtSriov.Web.Choices;
using VirtSriov.Web.Components.Controls;
using VirtSriov.Web.Tests.Fakes;

namespace VirtSriov.Web.Tests.Components.Controls;

public sealed class RunSettingsFormTests
{
    [Fact]
    public async Task Render_ErrorForOneSetting_ShowsItOnThatFieldOnly()
    {
        await using var context = new DashboardContext();
        var errors = new FieldErrors([new FieldError("HugepageCount", "64 hugepages of 1G do not fit in 16 GiB.")]);

        var form = context.Render<RunSettingsForm>(p => p.Add(x => x.Model, new RunSettingsModel()).Add(x => x.Errors, errors));

        Assert.Contains("64 hugepages of 1G do not fit", form.Find("[data-field=HugepageCount]").TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(form.FindAll("[data-field=HugepageCount] .mud-input-error"));
        Assert.DoesNotContain("hugepages", form.Find("[data-field=TestpmdSeconds]").TextContent, StringComparison.Ordinal);
        Assert.Empty(form.FindAll("[data-field=TestpmdSeconds] .mud-input-error"));
    }

    [Fact]
    public async Task Render_EveryModelSetting_HasOneField()
    {
        await using var context = new DashboardContext();

        var form = context.Render<RunSettingsForm>(p => p.Add(x => x.Model, new RunSettingsModel()));

        var fields = form.FindAll("[data-field]").Select(e => e.GetAttribute("data-field")).ToList();
        Assert.Equal(typeof(RunSettings).GetProperties().Where(p => p.CanWrite).Select(p => p.Name).Order(StringComparer.Ordinal), fields.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task HypervisorOnly_HypervisorDomains_AreOfferedAndAClickAddsThemToTheWorkers()
    {
        await using var context = new DashboardContext();
        var model = new RunSettingsModel { Workers = "" };
        model.Settings = model.Settings with { RunProfile = RunProfile.HypervisorOnly };

        var form = context.Render<RunSettingsForm>(p => p.Add(x => x.Model, model).Add(x => x.Choices, new LabChoices([], ["lab-vm", "virtsriov-worker-0"])));
        form.Find("[data-testid=worker-choices] [data-domain=virtsriov-worker-0]").Click();

        Assert.Contains("picked from the hypervisor's domains", form.Find("[data-field=Workers]").TextContent, StringComparison.Ordinal);
        Assert.Equal(["virtsriov-worker-0"], model.ToSettings().Workers);
        Assert.Equal(RunProfile.HypervisorOnly, model.ToSettings().RunProfile);
    }

    [Fact]
    public async Task FullProfile_HelpNamesItsSteps()
    {
        await using var context = new DashboardContext();

        var form = context.Render<RunSettingsForm>(p => p.Add(x => x.Model, new RunSettingsModel()));

        Assert.Contains("Virtual functions, Cluster", form.Find("[data-field=RunProfile]").TextContent, StringComparison.Ordinal);
    }
}
