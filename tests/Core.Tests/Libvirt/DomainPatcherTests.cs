using System.Xml.Linq;
using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Steps;
using Xunit;

namespace VirtSriov.Core.Tests.Libvirt;

public sealed class DomainPatcherTests
{
    private static readonly Version Libvirt9 = new(9, 0, 0);

    public static TheoryData<string, string[]> RealisticInputs => new()
    {
        { "kcli-worker.xml", ["0000:3b:02.0"] },
        { "virt-install-q35.xml", ["0000:3b:02.1", "0000:3b:02.2"] },
        { "unrelated-hostdev.xml", ["0000:3b:02.3"] },
    };

    [Theory]
    [MemberData(nameof(RealisticInputs))]
    public async Task Patch_RealisticDomain_ValidatesAgainstSchemaAndTestDriver(string file, string[] vfs)
    {
        LibvirtTestSupport.RequireLibvirt();
        var ct = TestContext.Current.CancellationToken;

        var result = DomainPatcher.Patch(LibvirtTestSupport.ReadData(file), vfs, Libvirt9);

        var (exitCode, output) = await LibvirtTestSupport.ValidateDomainAsync(result.Xml, ct);
        Assert.True(exitCode == 0, $"virt-xml-validate refused the patched {file}: {output}");
        using var connection = LibvirtConnection.Open(LibvirtTestSupport.PrivateTestUri(LibvirtTestSupport.NewTempFolder()));
        using var domain = connection.DefineDomain(result.Xml);
        Assert.Equal(vfs, DomainHostdevs.PciAddresses(domain.GetXml(inactive: true)).Where(vfs.Contains));
    }

    [Theory]
    [MemberData(nameof(RealisticInputs))]
    public void Patch_OwnOutput_IsIdempotent(string file, string[] vfs)
    {
        var first = DomainPatcher.Patch(LibvirtTestSupport.ReadData(file), vfs, Libvirt9);

        var second = DomainPatcher.Patch(first.Xml, vfs, Libvirt9);

        Assert.True(first.Changed);
        Assert.Equal(first.Xml, second.Xml);
        Assert.Empty(second.Changes);
        Assert.Equal("", second.Diff);
    }

    [Fact]
    public void Patch_KcliI440fxWorker_ConvertsToQ35UefiWithVfAndMemtune()
    {
        var result = DomainPatcher.Patch(LibvirtTestSupport.ReadData("kcli-worker.xml"), ["0000:3b:02.0"], Libvirt9);

        var domain = XDocument.Parse(result.Xml).Root!;
        var os = domain.Element("os")!;
        Assert.Equal("q35", (string?)os.Element("type")!.Attribute("machine"));
        Assert.Equal("efi", (string?)os.Attribute("firmware"));
        Assert.Equal("no", (string?)os.Element("firmware")!.Element("feature")!.Attribute("enabled"));
        Assert.Equal("qemu", (string?)domain.Element("features")!.Element("ioapic")!.Attribute("driver"));
        var iommu = domain.Element("devices")!.Element("iommu")!;
        Assert.Equal("intel", (string?)iommu.Attribute("model"));
        Assert.Equal("on", (string?)iommu.Element("driver")!.Attribute("intremap"));
        Assert.Equal("on", (string?)iommu.Element("driver")!.Attribute("caching_mode"));
        Assert.Equal(["0000:3b:02.0"], DomainHostdevs.PciAddresses(result.Xml));
        // 16 GiB guest, 1 VFIO device behind the vIOMMU: 1 × 16 GiB + 1 GiB locked, + 1 GiB QEMU margin = 18 GiB.
        Assert.Equal("18874368", domain.Element("memtune")!.Element("hard_limit")!.Value);
        Assert.DoesNotContain(domain.Element("devices")!.Elements("controller"), c => (string?)c.Attribute("model") is "pci-root" or "piix3-uhci");
        Assert.Contains("<kvirt:plan>virtsriov</kvirt:plan>", result.Xml, StringComparison.Ordinal);
        Assert.Equal("6c1f2a3e-8d4b-4e7a-9c51-2f0b7d3a1e40", domain.Element("uuid")!.Value);
        Assert.Contains("52:54:00:6a:3c:10", result.Xml, StringComparison.Ordinal);
        Assert.Contains(result.Changes, c => c.Contains("pc-i440fx-7.2 → q35", StringComparison.Ordinal));
        Assert.Contains("+        <address domain=\"0x0000\" bus=\"0x3b\" slot=\"0x02\" function=\"0x0\" />", result.Diff, StringComparison.Ordinal);
        Assert.StartsWith("--- virtsriov-worker-0.xml (current)\n+++ virtsriov-worker-0.xml (patched)\n@@ ", result.Diff, StringComparison.Ordinal);
        Assert.Contains("18 GiB", result.MemtuneExplanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Patch_VirtInstallQ35_KeepsVersionedMachineAndPciLayout()
    {
        var result = DomainPatcher.Patch(LibvirtTestSupport.ReadData("virt-install-q35.xml"), ["0000:3b:02.1", "0000:3b:02.2"], Libvirt9);

        var domain = XDocument.Parse(result.Xml).Root!;
        Assert.Equal("pc-q35-8.2", (string?)domain.Element("os")!.Element("type")!.Attribute("machine"));
        Assert.Equal(4, domain.Element("devices")!.Elements("controller").Count(c => (string?)c.Attribute("model") == "pcie-root-port"));
        Assert.NotNull(domain.Element("devices")!.Element("interface")!.Element("address"));
        Assert.NotNull(domain.Element("features")!.Element("vmport"));
        // 2 VFs behind the vIOMMU on libvirt 9: 2 × 16 GiB + 1 GiB + 1 GiB = 34 GiB.
        Assert.Equal((34L * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture), domain.Element("memtune")!.Element("hard_limit")!.Value);
        Assert.DoesNotContain(result.Changes, c => c.Contains("machine type", StringComparison.Ordinal));
    }

    [Fact]
    public void Patch_UnrelatedHostdev_KeepsItAndCountsItInMemtune()
    {
        var result = DomainPatcher.Patch(LibvirtTestSupport.ReadData("unrelated-hostdev.xml"), ["0000:3b:02.3"], Libvirt9);

        var domain = XDocument.Parse(result.Xml).Root!;
        Assert.Equal(["0000:af:00.0", "0000:3b:02.3"], DomainHostdevs.PciAddresses(result.Xml));
        Assert.Single(domain.Element("devices")!.Elements("hostdev"), h => (string?)h.Attribute("type") == "usb");
        Assert.Equal("qemu", (string?)domain.Element("features")!.Element("ioapic")!.Attribute("driver"));
        var memtune = domain.Element("memtune")!;
        // 8 GiB guest, 2 VFIO PCI devices behind the vIOMMU: 2 × 8 + 1 + 1 = 18 GiB; soft_limit kept.
        Assert.Equal("18874368", memtune.Element("hard_limit")!.Value);
        Assert.Equal("8388608", memtune.Element("soft_limit")!.Value);
        Assert.Contains(result.Changes, c => c.Contains("9437184 KiB → 18874368 KiB", StringComparison.Ordinal));
    }

    [Fact]
    public void Patch_VfAlreadyAttached_DoesNotDuplicateIt()
    {
        var once = DomainPatcher.Patch(LibvirtTestSupport.ReadData("virt-install-q35.xml"), ["0000:3b:02.1"], Libvirt9);

        var twice = DomainPatcher.Patch(once.Xml, ["0000:3b:02.1", "0000:3b:02.2"], Libvirt9);

        Assert.Equal(["0000:3b:02.1", "0000:3b:02.2"], DomainHostdevs.PciAddresses(twice.Xml));
    }

    [Fact]
    public void Patch_LargerExistingHardLimit_IsKept()
    {
        var xml = LibvirtTestSupport.ReadData("virt-install-q35.xml")
            .Replace("<vcpu ", "<memtune><hard_limit unit='KiB'>104857600</hard_limit></memtune><vcpu ", StringComparison.Ordinal);

        var result = DomainPatcher.Patch(xml, ["0000:3b:02.1"], Libvirt9);

        Assert.Equal("104857600", XDocument.Parse(result.Xml).Root!.Element("memtune")!.Element("hard_limit")!.Value);
        Assert.Contains("is larger and is kept", result.MemtuneExplanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Patch_OldLibvirt_OmitsFirmwareFeatureAndExplainsLowLimit()
    {
        var result = DomainPatcher.Patch(LibvirtTestSupport.ReadData("virt-install-q35.xml"), ["0000:3b:02.1", "0000:3b:02.2"], new Version(7, 0, 0));

        Assert.Null(XDocument.Parse(result.Xml).Root!.Element("os")!.Element("firmware"));
        Assert.Contains("would only allow 17 GiB", result.MemtuneExplanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Patch_MalformedXml_RefusesNamingTheProblem()
    {
        var error = Assert.Throws<ActionableException>(() => DomainPatcher.Patch("<domain><name>x</name>", ["0000:3b:02.0"], Libvirt9));

        Assert.Contains("not well-formed", error.Message, StringComparison.Ordinal);
        Assert.Contains("virt-xml-validate", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Patch_NotADomain_Refuses()
    {
        var error = Assert.Throws<ActionableException>(() => DomainPatcher.Patch("<network><name>default</name></network>", [], Libvirt9));

        Assert.Contains("<network>", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("3b:02.0")]
    [InlineData("0000:3b:02.8")]
    [InlineData("0000:3b:20.0")]
    [InlineData("0000:3b:02.0; rm -rf /")]
    public void Patch_MalformedVfAddress_Refuses(string address)
    {
        var error = Assert.Throws<ActionableException>(() => DomainPatcher.Patch(LibvirtTestSupport.ReadData("kcli-worker.xml"), [address], Libvirt9));

        Assert.Contains(address, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Patch_SameVfTwice_Refuses()
    {
        var error = Assert.Throws<ActionableException>(() => DomainPatcher.Patch(LibvirtTestSupport.ReadData("kcli-worker.xml"), ["0000:3b:02.0", "0000:3b:02.0"], Libvirt9));

        Assert.Contains("planned twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Patch_DomainHoldsUnplannedVfOfThePf_RefusesMoreThanPlanned()
    {
        var withTwo = DomainPatcher.Patch(LibvirtTestSupport.ReadData("kcli-worker.xml"), ["0000:3b:02.0", "0000:3b:02.1"], Libvirt9).Xml;

        var error = Assert.Throws<ActionableException>(() =>
            DomainPatcher.Patch(withTwo, ["0000:3b:02.0"], Libvirt9, ["0000:3b:02.0", "0000:3b:02.1", "0000:3b:02.2"]));

        Assert.Contains("0000:3b:02.1", error.Message, StringComparison.Ordinal);
        Assert.Contains("would get 2 VFs, 1 planned", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Patch_I440fxWithNvram_RefusesConversion()
    {
        var xml = LibvirtTestSupport.ReadData("kcli-worker.xml")
            .Replace("<boot dev='hd'/>", "<nvram>/var/lib/libvirt/qemu/nvram/virtsriov-worker-0_VARS.fd</nvram>\n    <boot dev='hd'/>", StringComparison.Ordinal);

        var error = Assert.Throws<ActionableException>(() => DomainPatcher.Patch(xml, ["0000:3b:02.0"], Libvirt9));

        Assert.Contains("nvram", error.Message, StringComparison.Ordinal);
        Assert.Contains("q35", error.Fix, StringComparison.Ordinal);
    }
}
