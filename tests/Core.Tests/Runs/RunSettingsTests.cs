using System.Text.Json;
using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Tests.Runs;

public sealed class RunSettingsTests
{
    [Fact]
    public void Serialize_WithPlacementOverridesAndConsent_RoundTripsThroughRunJson()
    {
        var settings = new RunSettings
        {
            PfAddress = "0000:3b:00.0",
            VfPlacement = VfPlacementMode.PfNumaNode,
            VfOverrides = new Dictionary<string, IReadOnlyList<string>>
            {
                ["virtsriov-worker-0"] = ["0000:3b:02.0", "0000:3b:02.1"],
                ["virtsriov-worker-1"] = ["0000:3b:02.2"],
            },
            ForceOffWorkers = true,
        };

        var json = JsonSerializer.Serialize(settings, RunJson.Options);
        var read = JsonSerializer.Deserialize<RunSettings>(json, RunJson.Options)!;

        Assert.Contains("\"vfPlacement\":\"PfNumaNode\"", json, StringComparison.Ordinal);
        Assert.Contains("\"virtsriov-worker-0\":[\"0000:3b:02.0\",\"0000:3b:02.1\"]", json, StringComparison.Ordinal);
        Assert.Equal(VfPlacementMode.PfNumaNode, read.VfPlacement);
        Assert.True(read.ForceOffWorkers);
        Assert.Equal(["virtsriov-worker-0", "virtsriov-worker-1"], read.VfOverrides.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["0000:3b:02.0", "0000:3b:02.1"], read.VfOverrides["virtsriov-worker-0"]);
        Assert.Equal(["0000:3b:02.2"], read.VfOverrides["virtsriov-worker-1"]);
    }

    [Fact]
    public void Deserialize_SettingsStoredBeforeThePlacementFields_GetsTheDefaults()
    {
        var read = JsonSerializer.Deserialize<RunSettings>("""{"pfAddress":"0000:3b:00.0","vfCount":4}""", RunJson.Options)!;

        Assert.Equal(VfPlacementMode.RoundRobin, read.VfPlacement);
        Assert.Empty(read.VfOverrides);
        Assert.False(read.ForceOffWorkers);
    }
}
