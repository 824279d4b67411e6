using VirtSriov.Cli.LabRun;
using VirtSriov.Core.Labs.Emulated;

namespace VirtSriov.Lab.Tests.LabRun;

public sealed class NonRootTestpmdTests
{
    private static readonly LabVf[] TwoVfs =
    [
        new(0, "0000:00:14.0", "10ca", "vfio-pci", 6, "52:54:00:12:34:60"),
        new(1, "0000:00:14.2", "10ca", "vfio-pci", 7, "52:54:00:12:34:61"),
    ];

    [Fact]
    public void Arguments_TwoVfs_EachPortsPeerIsTheOtherVfsMac()
    {
        // Act
        var arguments = NonRootTestpmd.Arguments(65534, "/tmp/rt", TwoVfs);

        // Assert
        Assert.Contains("--eth-peer=0,52:54:00:12:34:61", arguments);
        Assert.Contains("--eth-peer=1,52:54:00:12:34:60", arguments);
        Assert.Contains("--forward-mode=mac", arguments);
        Assert.Contains("--tx-first", arguments);
    }

    [Fact]
    public void Arguments_Uid_DropsPrivilegesWithUnlimitedMemlockAndIovaVa()
    {
        // Act
        var arguments = NonRootTestpmd.Arguments(1234, "/tmp/rt", TwoVfs);

        // Assert
        Assert.Equal("--memlock=unlimited:unlimited", arguments[0]);
        var setpriv = arguments.ToList().IndexOf("setpriv");
        Assert.Equal(["setpriv", "--reuid", "1234", "--regid", "1234", "--clear-groups"], arguments.Skip(setpriv).Take(6));
        Assert.Contains("XDG_RUNTIME_DIR=/tmp/rt", arguments);
        Assert.Contains("--iova-mode=va", arguments);
        var separator = arguments.ToList().IndexOf("--");
        Assert.Equal(["-a", "0000:00:14.0", "-a", "0000:00:14.2"], arguments.Take(separator).Where(a => a.StartsWith("0000:", StringComparison.Ordinal) || a == "-a"));
    }
}
