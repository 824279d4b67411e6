using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Steps;
using VirtSriov.Web.Components.Controls;

namespace VirtSriov.Web.Tests.Components.Controls;

public sealed class RunSettingsModelTests
{
    [Fact]
    public void ToSettings_OverridesText_ParsesWorkersAndAddresses()
    {
        var model = new RunSettingsModel
        {
            VfOverrides = " virtsriov-worker-0=0000:3b:02.0, 0000:3b:02.1;virtsriov-worker-1 = 0000:3b:02.2 ;",
            Settings = new RunSettings { VfPlacement = VfPlacementMode.PfNumaNode, ForceOffWorkers = true },
        };

        var settings = model.ToSettings();

        Assert.Equal(["0000:3b:02.0", "0000:3b:02.1"], settings.VfOverrides["virtsriov-worker-0"]);
        Assert.Equal(["0000:3b:02.2"], settings.VfOverrides["virtsriov-worker-1"]);
        Assert.Equal(2, settings.VfOverrides.Count);
        Assert.Equal(VfPlacementMode.PfNumaNode, settings.VfPlacement);
        Assert.True(settings.ForceOffWorkers);
    }

    [Fact]
    public void ToSettings_NoOverrides_GivesTheDefaults()
    {
        var settings = new RunSettingsModel().ToSettings();

        Assert.Empty(settings.VfOverrides);
        Assert.Equal(VfPlacementMode.RoundRobin, settings.VfPlacement);
        Assert.False(settings.ForceOffWorkers);
    }

    [Theory]
    [InlineData("virtsriov-worker-0 0000:3b:02.0", "'virtsriov-worker-0 0000:3b:02.0' is not worker=VF address")]
    [InlineData("=0000:3b:02.0", "'=0000:3b:02.0' is not worker=VF address")]
    [InlineData("w=0000:3b:02.0=0000:3b:02.1", "is not worker=VF address")]
    [InlineData("w=0000:3b:02.0; w=0000:3b:02.1", "Worker w is listed twice")]
    public void ToSettings_BadOverridesSyntax_RefusesOnTheOverridesField(string text, string expected)
    {
        var model = new RunSettingsModel { VfOverrides = text };

        var error = Assert.Single(Assert.Throws<RunSettingsException>(() => model.ToSettings()).Errors);

        Assert.Equal(nameof(RunSettings.VfOverrides), error.Field);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
