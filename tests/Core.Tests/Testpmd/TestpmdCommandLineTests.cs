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

    [Fact]
    public void ForWorker_Vf_LoadsThePluginFolderAndProbesThePciBus()
    {
        // Act
        var arguments = TestpmdCommandLine.ForWorker("run-1", nullDevice: false, "02:00:00:00:00:01", vcpus: 2, packetBytes: 64);

        // Assert
        var eal = arguments.Take(arguments.ToList().IndexOf("--")).ToList();
        Assert.Equal(["-d", "/usr/lib/dpdk", "--lcores=0@0,1@1", "--iova-mode=va", "--file-prefix=run-1"], eal);
        Assert.Contains("--eth-peer=0,02:00:00:00:00:01", arguments);
    }

    [Fact]
    public void ForWorker_NullDevice_LoadsThePluginFolderAndSkipsThePciBus()
    {
        // Act
        var arguments = TestpmdCommandLine.ForWorker("run-1", nullDevice: true, "02:00:00:00:00:01", vcpus: 1, packetBytes: 64);

        // Assert
        var eal = arguments.Take(arguments.ToList().IndexOf("--")).ToList();
        Assert.Equal(["-d", "/usr/lib/dpdk", "--no-pci", "--vdev", "net_null0", "--lcores=0@0,1@0", "--iova-mode=va", "--file-prefix=run-1"], eal);
        Assert.Single(arguments, a => a == "-d");
    }
}
