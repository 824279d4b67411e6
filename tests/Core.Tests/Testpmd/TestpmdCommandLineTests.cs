using VirtSriov.Core.Testpmd;
using Xunit;

namespace VirtSriov.Core.Tests.Testpmd;

public sealed class TestpmdCommandLineTests
{
    [Fact]
    public void ForNullDevices_Prefix_EalOptionsBeforeSeparatorAndTestpmdOptionsAfter()
    {
        // Act
        var arguments = TestpmdCommandLine.ForNullDevices("run-1", statsPeriodSeconds: 2);

        // Assert
        var separator = arguments.ToList().IndexOf("--");
        Assert.True(separator > 0);
        Assert.Contains("--file-prefix=run-1", arguments.Take(separator));
        Assert.Contains("--no-huge", arguments.Take(separator));
        Assert.Equal(
            ["--auto-start", "--stats-period", "2", "--total-num-mbufs=8192", "--forward-mode=mac", "--tx-first", "--txpkts=64",
                "--eth-peer=0,02:00:00:00:00:01", "--eth-peer=1,02:00:00:00:00:00"],
            arguments.Skip(separator + 1));
    }
}
