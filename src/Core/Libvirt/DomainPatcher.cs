using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using VirtSriov.Core.Host;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Libvirt;

/// <summary>
/// Rewrites a worker's domain XML for VF passthrough behind an Intel vIOMMU: q35 machine, UEFI, QEMU ioapic,
/// <c>&lt;iommu model='intel'&gt;</c> with intremap and caching_mode, one vfio hostdev per VF and a memtune
/// hard_limit from <see cref="MemlockCalculator"/>. Everything else (UUID, disks, NICs, metadata, unrelated hostdevs)
/// is kept. Pure and idempotent: patching its own output changes nothing.
/// </summary>
public static class DomainPatcher
{
    /// <summary>The release that added <c>&lt;os&gt;&lt;firmware&gt;&lt;feature&gt;</c> for firmware autoselection.</summary>
    public static Version FirmwareFeaturesSince { get; } = new(7, 2, 0);

    /// <param name="domainXml">The current (inactive) domain XML.</param>
    /// <param name="vfAddresses">Host PCI addresses of the VFs planned for this domain.</param>
    /// <param name="libvirtVersion">The libvirt that will run the domain.</param>
    /// <param name="pfVfAddresses">All VFs of the PF; a domain already holding one that is not planned is refused.</param>
    /// <exception cref="ActionableException">The XML or an address is malformed, or the domain cannot be converted.</exception>
    public static DomainPatchResult Patch(
        string domainXml,
        IReadOnlyList<string> vfAddresses,
        Version libvirtVersion,
        IReadOnlyCollection<string>? pfVfAddresses = null)
    {
        ArgumentNullException.ThrowIfNull(vfAddresses);
        ArgumentNullException.ThrowIfNull(libvirtVersion);
        var document = Parse(domainXml);
        var domain = document.Root!;
        var name = domain.Element("name")?.Value is { Length: > 0 } n ? n : throw Refuse("The domain XML has no <name>.", "Pass the XML of an existing domain (virsh dumpxml --inactive NAME).");
        var original = document.ToString();
        var planned = ParseAddresses(vfAddresses, name);
        RefuseNonVfs(planned, pfVfAddresses);
        var os = domain.Element("os") ?? throw Refuse($"Domain '{name}' has no <os> element.", "Pass the XML of an existing domain (virsh dumpxml --inactive NAME).");
        if (domain.Element("memory") is null)
        {
            throw Refuse($"Domain '{name}' has no <memory> element.", "Pass the XML of an existing domain (virsh dumpxml --inactive NAME).");
        }

        var devices = domain.Element("devices") ?? AddDevices(domain);
        var changes = new List<string>();

        SetMachine(name, os, devices, changes);
        SetFirmware(name, os, libvirtVersion, changes);
        SetIoapic(domain, os, changes);
        SetViommu(devices, changes);
        AddHostdevs(name, devices, planned, pfVfAddresses, changes);
        var explanation = SetMemtune(domain, libvirtVersion, changes);

        var patched = document.ToString();
        var diff = TextDiff.Unified(original, patched, $"{name}.xml (current)", $"{name}.xml (patched)");
        return new DomainPatchResult(name, original, patched, diff, changes, explanation);
    }

    private static XDocument Parse(string domainXml)
    {
        XDocument document;
        try
        {
            document = XDocument.Parse(domainXml);
        }
        catch (XmlException e)
        {
            throw Refuse(
                $"The domain XML is not well-formed: {e.Message}",
                "Fix the XML (check it with: virt-xml-validate FILE domain) or re-read it with: virsh dumpxml --inactive NAME.",
                e);
        }

        return document.Root?.Name == "domain"
            ? document
            : throw Refuse($"The XML is not a libvirt domain: its root element is <{document.Root?.Name}>.", "Pass the XML of a domain (virsh dumpxml --inactive NAME).");
    }

    private static List<PciAddress> ParseAddresses(IReadOnlyList<string> vfAddresses, string name)
    {
        var addresses = new List<PciAddress>();
        foreach (var text in vfAddresses)
        {
            if (!PciAddress.TryParse(text, out var address))
            {
                throw Refuse(
                    $"'{text}' is not a PCI address (expected domain:bus:slot.function, e.g. 0000:3b:02.0).",
                    "Use the VF addresses shown under /sys/bus/pci/devices/<PF>/virtfn*.");
            }

            if (addresses.Contains(address))
            {
                throw Refuse($"VF {address} is planned twice for domain '{name}'.", "Give each VF to one VM once.");
            }

            addresses.Add(address);
        }

        return addresses;
    }

    private static void RefuseNonVfs(List<PciAddress> planned, IReadOnlyCollection<string>? pfVfAddresses)
    {
        if (pfVfAddresses is null)
        {
            return;
        }

        var vfs = ParseKnown(pfVfAddresses);
        var strangers = planned.Where(a => !vfs.Contains(a)).ToList();
        if (strangers.Count > 0)
        {
            var known = vfs.Select(v => v.ToString()).Order(StringComparer.Ordinal).ToList();
            throw Refuse(
                $"{string.Join(", ", strangers)} {(strangers.Count == 1 ? "is not a VF" : "are not VFs")} of the chosen PF (its VFs: {string.Join(", ", known.Take(8))}{(known.Count > 8 ? " …" : "")}).",
                "Choose VF addresses listed under /sys/bus/pci/devices/<PF>/virtfn*, or create more VFs in the Virtual functions step.");
        }
    }

    private static HashSet<PciAddress> ParseKnown(IReadOnlyCollection<string> addresses) =>
        addresses.Select(a => PciAddress.TryParse(a, out var p) ? p : (PciAddress?)null).OfType<PciAddress>().ToHashSet();

    private static XElement AddDevices(XElement domain)
    {
        var devices = new XElement("devices");
        domain.Add(devices);
        return devices;
    }

    private static void SetMachine(string name, XElement os, XElement devices, List<string> changes)
    {
        var type = os.Element("type") ?? throw Refuse($"Domain '{name}' has no <os><type>.", "Pass the XML of an existing domain (virsh dumpxml --inactive NAME).");
        var arch = (string?)type.Attribute("arch");
        if (arch is not null and not "x86_64")
        {
            throw Refuse($"Domain '{name}' is {arch}; the Intel vIOMMU needs an x86_64 guest.", "Use x86_64 worker VMs.");
        }

        var machine = (string?)type.Attribute("machine") ?? "";
        if (machine.Contains("q35", StringComparison.Ordinal))
        {
            return;
        }

        var shown = machine.Length == 0 ? "pc (libvirt default)" : machine;
        if (machine.Length > 0 && machine != "pc" && !machine.StartsWith("pc-", StringComparison.Ordinal))
        {
            throw Refuse($"Domain '{name}' uses machine type {machine}, which cannot carry an Intel vIOMMU and PCIe passthrough.", "Recreate the VM with machine type q35.");
        }

        if (os.Element("nvram") is not null || os.Element("loader") is not null)
        {
            throw Refuse(
                $"Domain '{name}' is an i440fx ({shown}) machine with its own firmware loader/nvram; converting it to q35 would orphan that firmware state.",
                "Recreate the VM as q35 with UEFI (virt-install --machine q35 --boot uefi, or kcli with uefi: true), then run this step again.");
        }

        type.SetAttributeValue("machine", "q35");
        changes.Add($"machine type {shown} → q35 (the Intel vIOMMU and PCIe passthrough need q35)");
        ConvertDevicesToQ35(devices, changes);
    }

    /// <summary>i440fx-only controllers and PCI slot assignments do not fit q35; libvirt lays out the rest again.</summary>
    private static void ConvertDevicesToQ35(XElement devices, List<string> changes)
    {
        var i440fxControllers = devices.Elements("controller").Where(c =>
            ((string?)c.Attribute("type") == "pci" && (string?)c.Attribute("model") == "pci-root")
            || ((string?)c.Attribute("type") == "usb" && (string?)c.Attribute("model") is "piix3-uhci" or "piix4-uhci")
            || (string?)c.Attribute("type") == "ide").ToList();
        if (i440fxControllers.Count > 0)
        {
            changes.Add("removed i440fx-only controllers (" + string.Join(", ", i440fxControllers.Select(c => (string?)c.Attribute("model") ?? (string?)c.Attribute("type"))) + ")");
            i440fxControllers.ForEach(c => c.Remove());
        }

        var ideDisks = devices.Elements("disk").Where(d => (string?)d.Element("target")?.Attribute("bus") == "ide").ToList();
        foreach (var disk in ideDisks)
        {
            disk.Element("target")!.SetAttributeValue("bus", "sata");
            disk.Elements("address").Where(a => (string?)a.Attribute("type") == "drive").Remove();
        }

        if (ideDisks.Count > 0)
        {
            changes.Add($"{ideDisks.Count} IDE disk(s) moved to SATA (q35 has no IDE)");
        }

        var pciSlots = devices.Elements().Elements("address").Where(a => (string?)a.Attribute("type") == "pci").ToList();
        if (pciSlots.Count > 0)
        {
            pciSlots.ForEach(a => a.Remove());
            changes.Add($"cleared {pciSlots.Count} guest PCI slot address(es) so libvirt places the devices on q35's PCIe root");
        }
    }

    private static void SetFirmware(string name, XElement os, Version libvirtVersion, List<string> changes)
    {
        var loader = os.Element("loader");
        if ((string?)os.Attribute("firmware") != "efi" && loader is not null)
        {
            if ((string?)loader.Attribute("type") == "pflash" || loader.Value.Contains("OVMF", StringComparison.OrdinalIgnoreCase) || loader.Value.Contains("edk2", StringComparison.OrdinalIgnoreCase))
            {
                return;
            }

            throw Refuse($"Domain '{name}' boots a custom BIOS loader ({loader.Value}); UEFI cannot be enabled automatically.", "Switch the VM to UEFI (OVMF) by hand, then run this step again.");
        }

        var added = new List<string>();
        if ((string?)os.Attribute("firmware") != "efi")
        {
            os.SetAttributeValue("firmware", "efi");
            added.Add("firmware BIOS → UEFI (os firmware='efi')");
        }

        var hasSecureBootChoice = os.Element("firmware")?.Elements("feature").Any(f => (string?)f.Attribute("name") == "secure-boot") == true;
        if (libvirtVersion >= FirmwareFeaturesSince && !hasSecureBootChoice)
        {
            var firmware = os.Element("firmware");
            if (firmware is null)
            {
                firmware = new XElement("firmware");
                (os.Element("nvram") ?? loader ?? os.Element("type"))!.AddAfterSelf(firmware);
            }

            firmware.Add(new XElement("feature", new XAttribute("enabled", "no"), new XAttribute("name", "secure-boot")));
            added.Add("secure boot off (unsigned vfio/DPDK setups; no SMM needed)");
        }

        changes.AddRange(added);
    }

    private static void SetIoapic(XElement domain, XElement os, List<string> changes)
    {
        var features = domain.Element("features");
        if (features is null)
        {
            features = new XElement("features");
            os.AddAfterSelf(features);
        }

        var ioapic = features.Element("ioapic");
        if (ioapic is null)
        {
            features.Add(new XElement("ioapic", new XAttribute("driver", "qemu")));
            changes.Add("added <ioapic driver='qemu'/> (split irqchip, needed by the vIOMMU's interrupt remapping)");
        }
        else if ((string?)ioapic.Attribute("driver") != "qemu")
        {
            ioapic.SetAttributeValue("driver", "qemu");
            changes.Add("ioapic driver → qemu (needed by the vIOMMU's interrupt remapping)");
        }
    }

    private static void SetViommu(XElement devices, List<string> changes)
    {
        var iommu = devices.Element("iommu");
        if (iommu is null)
        {
            devices.Add(new XElement(
                "iommu",
                new XAttribute("model", "intel"),
                new XElement("driver", new XAttribute("intremap", "on"), new XAttribute("caching_mode", "on"))));
            changes.Add("added Intel vIOMMU <iommu model='intel'> with intremap and caching_mode on");
            return;
        }

        if ((string?)iommu.Attribute("model") != "intel")
        {
            changes.Add($"vIOMMU model {(string?)iommu.Attribute("model")} → intel");
            iommu.SetAttributeValue("model", "intel");
        }

        var driver = iommu.Element("driver");
        if (driver is null)
        {
            driver = new XElement("driver");
            iommu.AddFirst(driver);
        }

        foreach (var option in new[] { "intremap", "caching_mode" })
        {
            if ((string?)driver.Attribute(option) != "on")
            {
                driver.SetAttributeValue(option, "on");
                changes.Add($"vIOMMU {option} → on");
            }
        }
    }

    private static void AddHostdevs(string name, XElement devices, List<PciAddress> planned, IReadOnlyCollection<string>? pfVfAddresses, List<string> changes)
    {
        var attached = DomainHostdevs.Pci(devices).Select(h => h.Address).ToList();

        if (pfVfAddresses is not null)
        {
            var pfVfs = ParseKnown(pfVfAddresses);
            var unplanned = attached.Where(a => pfVfs.Contains(a) && !planned.Contains(a)).ToList();
            if (unplanned.Count > 0)
            {
                throw Refuse(
                    $"Domain '{name}' already has VF(s) {string.Join(", ", unplanned)} of this PF that are not in the plan; it would get {planned.Count + unplanned.Count} VFs, {planned.Count} planned.",
                    $"Detach them (virsh detach-device {name} FILE --config) or raise VFs per worker, then plan again.");
            }
        }

        var anchor = devices.Elements("hostdev").LastOrDefault();
        var before = devices.Elements().FirstOrDefault(e => e.Name.LocalName is "memballoon" or "rng" or "iommu");
        foreach (var address in planned.Where(a => !attached.Contains(a)))
        {
            var hostdev = new XElement(
                "hostdev",
                new XAttribute("mode", "subsystem"),
                new XAttribute("type", "pci"),
                new XAttribute("managed", "yes"),
                new XElement("driver", new XAttribute("name", "vfio")),
                new XElement("source", PciAddressXml.ToXml(address)));
            if (anchor is not null)
            {
                anchor.AddAfterSelf(hostdev);
            }
            else if (before is not null)
            {
                before.AddBeforeSelf(hostdev);
            }
            else
            {
                devices.Add(hostdev);
            }

            anchor = hostdev;
            changes.Add($"pass VF {address} through (vfio hostdev, managed='yes')");
        }
    }

    private static string SetMemtune(XElement domain, Version libvirtVersion, List<string> changes)
    {
        DomainMemory memory;
        long hardLimit, required, libvirtOwn;
        try
        {
            memory = DomainMemory.FromXml(domain);
            hardLimit = MemlockCalculator.HardLimitKiB(memory);
            required = MemlockCalculator.RequiredKiB(memory);
            libvirtOwn = MemlockCalculator.LibvirtLimitBytes(memory with { HardLimitKiB = null, Locked = false }, libvirtVersion) / 1024;
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw Refuse(
                $"Domain '{(string?)domain.Element("name")}' has a memory size that cannot be read or is too large to lock: {e.Message}",
                "Give <memory>, <memtune><hard_limit> and memory devices a whole number with a libvirt unit (KiB, MiB, GiB…), as virsh dumpxml --inactive writes them.",
                e);
        }

        var devices = Math.Max(1, memory.VfioDevices);
        var explanation =
            $"Guest memory {Size(memory.MemoryKiB)} with {memory.VfioDevices} VFIO device(s) behind the vIOMMU: each device gets its own address space that pins all guest RAM, "
            + $"so QEMU locks {devices} × {Size(memory.MemoryKiB)} + 1 GiB = {Size(required)}. "
            + (libvirtOwn >= required
                ? $"libvirt {libvirtVersion} would allow that much by itself, "
                : $"libvirt {libvirtVersion} would only allow {Size(libvirtOwn)} (its rule counts guest memory once before 8.7.0), ")
            + $"but a hard_limit replaces libvirt's figure and is also the cgroup memory ceiling of the whole QEMU process, "
            + $"so it is set to {Size(required)} + {Size(MemlockCalculator.QemuOverheadKiB)} for QEMU's own memory = {Size(hardLimit)} ({hardLimit} KiB).";

        if (memory.HardLimitKiB is { } current && current >= hardLimit)
        {
            return current == hardLimit
                ? explanation
                : explanation + $" The existing hard_limit of {Size(current)} is larger and is kept; lower it to {hardLimit} KiB if the host cannot back it.";
        }

        var memtune = domain.Element("memtune");
        if (memtune is null)
        {
            memtune = new XElement("memtune");
            (domain.Element("blkiotune") ?? domain.Element("currentMemory") ?? domain.Element("memory"))!.AddAfterSelf(memtune);
        }

        memtune.Elements("hard_limit").Remove();
        memtune.AddFirst(new XElement("hard_limit", new XAttribute("unit", "KiB"), hardLimit.ToString(CultureInfo.InvariantCulture)));
        changes.Add($"memtune hard_limit {(memory.HardLimitKiB is { } old ? $"{old} KiB" : "(none)")} → {hardLimit} KiB");
        return explanation;
    }

    private static string Size(long kib) =>
        kib % MemlockCalculator.GiBInKiB == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{kib / MemlockCalculator.GiBInKiB} GiB")
            : string.Create(CultureInfo.InvariantCulture, $"{kib / (double)MemlockCalculator.GiBInKiB:0.##} GiB");

    private static ActionableException Refuse(string message, string fix, Exception? inner = null) =>
        new(message, fix, failedCall: "patch domain XML", inner: inner);
}
