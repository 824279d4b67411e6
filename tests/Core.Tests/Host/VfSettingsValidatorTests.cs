using VirtSriov.Core.Host;
using VirtSriov.Core.Host.Simulation;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Tests.TestSupport;
using Xunit;

namespace VirtSriov.Core.Tests.Host;

public sealed class VfSettingsValidatorTests : IDisposable
{
    private readonly HostTestTree tree = new();

    [Fact]
    public void Validate_DefaultSettingsOnDefaultPf_HasNoErrors()
    {
        var errors = VfSettingsValidator.Validate(new RunSettings { PfAddress = SimulatedLabWorld.DefaultPfAddress }, tree.Sysfs);

        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("3b:00.0", "expected dddd:bb:ss.f")]
    [InlineData("0000:3b:09.0", "no PCI device 0000:3b:09.0")]
    [InlineData("0000:01:00.0", "no SR-IOV capability")]
    [InlineData("0000:af:00.0", "supports Intel NICs")]
    public void Validate_UnusablePf_NamesPfAddressAndCandidates(string pf, string expected)
    {
        var errors = VfSettingsValidator.Validate(new RunSettings { PfAddress = pf }, tree.Sysfs);

        var error = Assert.Single(errors);
        Assert.Equal(nameof(RunSettings.PfAddress), error.Field);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("0000:3b:00.0, 0000:5e:00.0", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1, "VF count is -1; enter 0")]
    [InlineData(65, "at most 64 VFs")]
    public void Validate_VfCountOutOfRange_NamesVfCount(int count, string expected)
    {
        var settings = new RunSettings { PfAddress = SimulatedLabWorld.DefaultPfAddress, VfCount = count, VfsPerWorker = 0, Workers = [] };

        var errors = VfSettingsValidator.Validate(settings, tree.Sysfs);

        Assert.Contains(errors, e => e.Field == nameof(RunSettings.VfCount) && e.Message.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("03:76:73", "multicast")]
    [InlineData("ff:ff:ff", "multicast")]
    [InlineData("02:76", "not a MAC prefix")]
    [InlineData("02:76:73:00", "not a MAC prefix")]
    [InlineData("02-76-73", "not a MAC prefix")]
    [InlineData("0g:76:73", "not a MAC prefix")]
    public void Validate_BadMacPrefix_NamesVfMacPrefix(string prefix, string expected)
    {
        var settings = new RunSettings { PfAddress = SimulatedLabWorld.DefaultPfAddress, VfMacPrefix = prefix };

        var errors = VfSettingsValidator.Validate(settings, tree.Sysfs);

        var error = Assert.Single(errors);
        Assert.Equal(nameof(RunSettings.VfMacPrefix), error.Field);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("02:76:73")]
    [InlineData("AE:00:01")]
    public void Validate_UnicastOrEmptyMacPrefix_HasNoErrors(string prefix)
    {
        var errors = VfSettingsValidator.Validate(new RunSettings { PfAddress = SimulatedLabWorld.DefaultPfAddress, VfMacPrefix = prefix }, tree.Sysfs);

        Assert.Empty(errors);
    }

    [Theory]
    [InlineData(-1, true)]
    [InlineData(4095, true)]
    [InlineData(70000, true)]
    [InlineData(0, false)]
    [InlineData(1, false)]
    [InlineData(4094, false)]
    public void Validate_Vlan_AcceptsOnly0To4094(int vlan, bool refused)
    {
        var errors = VfSettingsValidator.Validate(new RunSettings { PfAddress = SimulatedLabWorld.DefaultPfAddress, VfVlan = vlan }, tree.Sysfs);

        Assert.Equal(refused, errors.Any(e => e.Field == nameof(RunSettings.VfVlan) && e.Message.Contains("4094", StringComparison.Ordinal)));
        Assert.Equal(refused ? 1 : 0, errors.Count);
    }

    [Fact]
    public void Validate_MoreVfsPerWorkerThanVfs_NamesVfsPerWorker()
    {
        var settings = new RunSettings { PfAddress = SimulatedLabWorld.DefaultPfAddress, VfCount = 3, VfsPerWorker = 2 };

        var error = Assert.Single(VfSettingsValidator.Validate(settings, tree.Sysfs));

        Assert.Equal(nameof(RunSettings.VfsPerWorker), error.Field);
        Assert.Contains("need 4 VFs but VF count is 3", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => tree.Dispose();
}
