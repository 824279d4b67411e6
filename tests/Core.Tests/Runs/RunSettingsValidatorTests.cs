using VirtSriov.Core.Runs;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Tests.Runs;

public sealed class RunSettingsValidatorTests
{
    private static RunSettings WithOverrides(params (string Worker, string[] Vfs)[] overrides) => new()
    {
        PfAddress = "0000:3b:00.0",
        VfOverrides = overrides.ToDictionary(o => o.Worker, o => (IReadOnlyList<string>)o.Vfs),
    };

    [Fact]
    public void Validate_NullFieldsFromJson_NamedWithoutThrowing()
    {
        var errors = RunSettingsValidator.Validate(new RunSettings { ClusterName = null!, Workers = null!, VfOverrides = null! }, simulatedLab: true);

        Assert.Equal(["ClusterName", "VfOverrides", "Workers"], errors.Select(e => e.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Validate_VfsPerWorkerTimesWorkersOverflowsInt_IsRefused()
    {
        var errors = RunSettingsValidator.Validate(new RunSettings { PfAddress = "0000:3b:00.0", VfsPerWorker = 1 << 30, Workers = ["w-0", "w-1", "w-2", "w-3"] }, simulatedLab: true);

        Assert.Contains(errors, e => e.Field == nameof(RunSettings.VfsPerWorker));
    }

    [Fact]
    public void Validate_ThousandsOfBadWorkers_AnswerIsCapped()
    {
        var errors = RunSettingsValidator.Validate(new RunSettings { Workers = [.. Enumerable.Range(0, 60).Select(i => $"bad name {i}")], ClusterName = "BAD" }, simulatedLab: true);

        Assert.True(errors.Count <= RunSettingsValidator.MaxErrors + 1, $"{errors.Count} errors");
    }

    [Fact]
    public void Validate_UndefinedPlacement_IsRefused()
    {
        var errors = RunSettingsValidator.Validate(new RunSettings { VfPlacement = (VirtSriov.Core.Libvirt.VfPlacementMode)42 }, simulatedLab: true);

        Assert.Contains(errors, e => e.Field == nameof(RunSettings.VfPlacement));
    }

    [Fact]
    public void Validate_WellFormedOverrides_HasNoError()
    {
        var errors = RunSettingsValidator.Validate(WithOverrides(("virtsriov-worker-0", ["0000:3b:02.0", " 0000:3B:02.1 "]), ("virtsriov-worker-1", ["0000:3b:02.2"])), simulatedLab: true);

        Assert.Empty(errors);
    }

    [Fact]
    public void Validate_OverrideAddressMalformed_ErrorOnTheWorkersOverride()
    {
        var errors = RunSettingsValidator.Validate(WithOverrides(("virtsriov-worker-1", ["3b:02.0"])), simulatedLab: true);

        var error = Assert.Single(errors);
        Assert.Equal("VfOverrides[virtsriov-worker-1]", error.Field);
        Assert.Contains("'3b:02.0' in the VF override of virtsriov-worker-1 is not a PCI address", error.Message, StringComparison.Ordinal);
        Assert.Contains("0000:3b:00.0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OverrideForUnknownWorker_ErrorNamesTheWorkers()
    {
        var errors = RunSettingsValidator.Validate(WithOverrides(("worker-9", ["0000:3b:02.0"])), simulatedLab: true);

        var error = Assert.Single(errors);
        Assert.Equal(nameof(RunSettings.VfOverrides), error.Field);
        Assert.Contains("'worker-9'", error.Message, StringComparison.Ordinal);
        Assert.Contains("virtsriov-worker-0, virtsriov-worker-1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("virtsriov-worker-1", "is given to both virtsriov-worker-0 and virtsriov-worker-1")]
    [InlineData("virtsriov-worker-0", "is listed twice in the VF override of virtsriov-worker-0")]
    public void Validate_SameVfTwice_Refuses(string secondOwner, string expected)
    {
        var settings = secondOwner == "virtsriov-worker-0"
            ? WithOverrides(("virtsriov-worker-0", ["0000:3b:02.1", "0000:3b:02.1"]))
            : WithOverrides(("virtsriov-worker-0", ["0000:3b:02.1"]), (secondOwner, ["0000:3b:02.1"]));

        var error = Assert.Single(RunSettingsValidator.Validate(settings, simulatedLab: true));

        Assert.Equal($"VfOverrides[{secondOwner}]", error.Field);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OverrideWithoutAddresses_Refuses()
    {
        var error = Assert.Single(RunSettingsValidator.Validate(WithOverrides(("virtsriov-worker-0", [])), simulatedLab: true));

        Assert.Equal("VfOverrides[virtsriov-worker-0]", error.Field);
        Assert.Contains("names no VF", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("quay.io/openshift-kni/dpdk:latest")]
    [InlineData("quay.io/openshift-kni/dpdk")]
    [InlineData("quay.io/openshift-kni/dpdk:v4.18")]
    [InlineData("quay.io/openshift-kni/dpdk@sha256:0123")]
    public void Validate_RealLabImageNotPinnedByDigest_RefusesTheImageFieldNamingHowToGetADigest(string image)
    {
        var error = Assert.Single(RunSettingsValidator.Validate(new RunSettings { PfAddress = "0000:3b:00.0", TestpmdImage = image }, simulatedLab: false));

        Assert.Equal(nameof(RunSettings.TestpmdImage), error.Field);
        Assert.Contains("not pinned by digest", error.Message, StringComparison.Ordinal);
        Assert.Contains($"skopeo inspect docker://{image}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"oc image info {image}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RealLabMalformedImage_GetsOnlyTheShapeError()
    {
        var error = Assert.Single(RunSettingsValidator.Validate(new RunSettings { PfAddress = "0000:3b:00.0", TestpmdImage = "" }, simulatedLab: false));

        Assert.Equal(nameof(RunSettings.TestpmdImage), error.Field);
        Assert.Contains("is not an image reference", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RealLabImagePinnedByDigest_HasNoError()
    {
        var image = "quay.io/openshift-kni/dpdk@sha256:" + new string('a', 64);

        Assert.Empty(RunSettingsValidator.Validate(new RunSettings { PfAddress = "0000:3b:00.0", TestpmdImage = image }, simulatedLab: false));
    }

    [Fact]
    public void Validate_SimulatedLabTaggedImage_HasNoError()
    {
        Assert.Empty(RunSettingsValidator.Validate(new RunSettings { PfAddress = "0000:3b:00.0", TestpmdImage = "quay.io/openshift-kni/dpdk:latest" }, simulatedLab: true));
    }
}
