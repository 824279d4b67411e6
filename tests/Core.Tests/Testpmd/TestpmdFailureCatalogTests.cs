using VirtSriov.Core.Testpmd;
using Xunit;

namespace VirtSriov.Core.Tests.Testpmd;

public sealed class TestpmdFailureCatalogTests
{
    [Theory]
    [InlineData("EAL: FATAL: Cannot get hugepage information.", "HugepagesUnavailable")]
    [InlineData("EAL: No free 1048576 kB hugepages reported on node 1", "NoHugepagesFree")]
    [InlineData("testpmd: No probed ethernet devices", "NoProbedDevices")]
    [InlineData("EAL: failed to parse device \"0000:3b:02.9\"", "InvalidDevice")]
    [InlineData("EAL: Cannot open /dev/vfio/5: Permission denied", "VfioPermissionDenied")]
    [InlineData("EAL: Cannot open /dev/vfio/5: Device or resource busy", "VfioBusy")]
    [InlineData("EAL:   0000:00:13.0 VFIO group is not viable! Not all devices in IOMMU group bound to VFIO or unbound", "VfioGroupNotViable")]
    [InlineData("EAL: Cannot open VFIO container /dev/vfio/vfio, error 2 (No such file or directory)", "VfioUnavailable")]
    [InlineData("EAL: Failed to open VFIO group 5", "VfioGroupOpenFailed")]
    [InlineData("EAL: FATAL: Cannot use IOVA as 'PA' since physical addresses are not available", "IovaModePa")]
    [InlineData("EAL: Cannot create lock on '/var/run/dpdk/rte/config'. Is another primary process running?", "FilePrefixInUse")]
    [InlineData("EXIT: Creation of mbuf pool for socket 0 failed: Cannot allocate memory", "MbufPoolFailed")]
    [InlineData("EAL: Cannot allocate memory for request", "MemlockOrMemory")]
    [InlineData("  Cause: Cannot init EAL: Invalid argument", TestpmdFailureCatalog.EalInitFailedCode)]
    public void Match_KnownFailureLine_ReturnsEntryWithFix(string line, string expectedCode)
    {
        // Act
        var failure = TestpmdFailureCatalog.Match(line);

        // Assert
        Assert.NotNull(failure);
        Assert.Equal(expectedCode, failure.Code);
        Assert.Equal(line.Trim(), failure.Line);
        Assert.False(string.IsNullOrWhiteSpace(failure.Explanation));
        Assert.False(string.IsNullOrWhiteSpace(failure.Fix));
    }

    [Fact]
    public void Match_EveryLineOfHealthyRun_ReturnsNull()
    {
        // Arrange
        var lines = TestpmdData.ReadLines(TestpmdData.NullStats);

        // Act
        var failures = lines.Select(TestpmdFailureCatalog.Match).OfType<TestpmdFailure>().ToList();

        // Assert
        Assert.NotEmpty(lines);
        Assert.Empty(failures);
    }

    /// <summary>A ContainerRuntimeConfig has no ulimit field: the fix is the MachineConfig's CRI-O drop-in.</summary>
    [Fact]
    public void Match_MemlockFailure_FixNamesTheMachineConfigCrioDropIn()
    {
        var failure = TestpmdFailureCatalog.Match("EAL: Cannot allocate memory for request");

        Assert.NotNull(failure);
        Assert.Contains("MachineConfig", failure.Fix, StringComparison.Ordinal);
        Assert.Contains("/etc/crio/crio.conf.d/", failure.Fix, StringComparison.Ordinal);
        Assert.DoesNotContain("via a ContainerRuntimeConfig", failure.Fix, StringComparison.Ordinal);
    }
}
