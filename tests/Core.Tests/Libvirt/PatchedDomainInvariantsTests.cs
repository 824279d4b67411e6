using VirtSriov.Core.Libvirt;
using Xunit;

namespace VirtSriov.Core.Tests.Libvirt;

public sealed class PatchedDomainInvariantsTests
{
    private static readonly Version Libvirt9 = new(9, 0, 0);

    [Fact]
    public void Check_PatchedKcliWorker_HasNoProblems()
    {
        var patched = DomainPatcher.Patch(LibvirtTestSupport.ReadData("kcli-worker.xml"), ["0000:3b:02.0", "0000:3b:02.1"], Libvirt9).Xml;

        Assert.Empty(PatchedDomainInvariants.Check(patched, ["0000:3b:02.0", "0000:3b:02.1"]));
    }

    [Fact]
    public void Check_UnpatchedKcliWorker_ListsEveryMissingPiece()
    {
        var problems = PatchedDomainInvariants.Check(LibvirtTestSupport.ReadData("kcli-worker.xml"), ["0000:3b:02.0"]);

        Assert.Equal(
            ["machine type is not q35", "firmware is not UEFI", "no <ioapic driver='qemu'/>", "no Intel vIOMMU with intremap and caching_mode on", "VF 0000:3b:02.0 is attached 0 times"],
            problems);
    }

    [Fact]
    public void Check_HardLimitBelowLockedMemory_IsReported()
    {
        var patched = DomainPatcher.Patch(LibvirtTestSupport.ReadData("kcli-worker.xml"), ["0000:3b:02.0"], Libvirt9).Xml;
        var lowered = System.Text.RegularExpressions.Regex.Replace(patched, "<hard_limit unit=\"KiB\">\\d+</hard_limit>", "<hard_limit unit=\"KiB\">1048576</hard_limit>");

        Assert.Contains(PatchedDomainInvariants.Check(lowered, ["0000:3b:02.0"]), p => p.StartsWith("memtune hard_limit 1048576 KiB is below", StringComparison.Ordinal));
    }
}
