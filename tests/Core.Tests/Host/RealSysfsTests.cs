using VirtSriov.Core.Host;
using Xunit;

namespace VirtSriov.Core.Tests.Host;

public sealed class RealSysfsTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("virtsriov-realsysfs-").FullName;

    [Fact]
    public void MapPath_ParentSegment_IsRefused()
    {
        var sysfs = new RealSysfs(root);

        Assert.Throws<ArgumentException>(() => sysfs.MapPath("/sys/../etc/passwd"));
        Assert.Throws<ArgumentException>(() => sysfs.MapPath("sys/bus"));
    }

    [Fact]
    public void ReadLink_RelativeSymlink_ReturnsTheStoredTarget()
    {
        Directory.CreateDirectory(Path.Join(root, "sys/devices/0000:3b:02.0"));
        File.CreateSymbolicLink(Path.Join(root, "sys/devices/virtfn0"), "0000:3b:02.0");
        var sysfs = new RealSysfs(root);

        Assert.Equal("0000:3b:02.0", sysfs.ReadLink("/sys/devices/virtfn0"));
        Assert.Null(sysfs.ReadLink("/sys/devices/0000:3b:02.0"));
        Assert.Null(sysfs.ReadLink("/sys/devices/missing"));
    }

    [Fact]
    public void WriteText_ExistingFile_WritesInPlaceWithoutTruncating()
    {
        Directory.CreateDirectory(Path.Join(root, "sys"));
        File.WriteAllText(Path.Join(root, "sys/attr"), "123\n");
        var sysfs = new RealSysfs(root);

        sysfs.WriteText("/sys/attr", "9");

        Assert.Equal("923\n", sysfs.ReadText("/sys/attr"));
    }

    [Fact]
    public void WriteText_MissingFile_ThrowsEnoentAndCreatesNothing()
    {
        var sysfs = new RealSysfs(root);

        var error = Assert.Throws<SysfsWriteException>(() => sysfs.WriteText("/sys/none", "1"));

        Assert.Equal("ENOENT", error.Errno);
        Assert.False(File.Exists(Path.Join(root, "sys/none")));
    }

    [Fact]
    public void WriteText_KernelRefusesTheWrite_ReportsTheErrnoName()
    {
        Assert.SkipUnless(File.Exists("/dev/full"), "/dev/full is needed to get a real errno from the kernel");
        var sysfs = new RealSysfs("/");

        var error = Assert.Throws<SysfsWriteException>(() => sysfs.WriteText("/dev/full", "1"));

        Assert.Equal("ENOSPC", error.Errno);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);
}
