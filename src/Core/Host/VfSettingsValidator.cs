using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Host;

/// <summary>Checks the VF part of the wizard's settings against the host's sysfs; each error names its RunSettings field.</summary>
public static class VfSettingsValidator
{
    /// <summary>VLAN 4095 is reserved (802.1Q); the kernel's VF VLAN range ends at 4094 in practice.</summary>
    public const int MaxVlan = 4094;

    public static IReadOnlyList<FieldError> Validate(RunSettings settings, ISysfs sysfs)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(sysfs);
        var errors = new List<FieldError>();
        var pf = ValidatePf(settings.PfAddress, sysfs, errors);
        if (settings.VfCount < 0)
        {
            errors.Add(new(nameof(RunSettings.VfCount), $"VF count is {settings.VfCount}; enter 0 (remove the VFs) or more."));
        }
        else if (pf is not null && settings.VfCount > pf.TotalVfs)
        {
            errors.Add(new(nameof(RunSettings.VfCount), $"{pf.Address} supports at most {pf.TotalVfs} VFs (sriov_totalvfs) but VF count is {settings.VfCount}; enter {pf.TotalVfs} or less."));
        }

        if (settings.VfsPerWorker < 1)
        {
            errors.Add(new(nameof(RunSettings.VfsPerWorker), $"VFs per worker is {settings.VfsPerWorker}; each worker needs at least 1 VF for the DPDK test."));
        }
        else if ((long)settings.VfsPerWorker * settings.Workers.Count is var needed && needed > settings.VfCount)
        {
            errors.Add(new(nameof(RunSettings.VfsPerWorker), $"{settings.Workers.Count} workers × {settings.VfsPerWorker} VFs need {needed} VFs but VF count is {settings.VfCount}; raise VF count to {needed} or lower VFs per worker."));
        }

        ValidateMacPrefix(settings.VfMacPrefix, errors);
        if (settings.VfVlan is < 0 or > MaxVlan)
        {
            errors.Add(new(nameof(RunSettings.VfVlan), $"VF VLAN is {settings.VfVlan}; enter a VLAN id from 1 to {MaxVlan}, 0 or nothing for untagged."));
        }

        if (settings.UnsafeNoIommu && UnsafeNoIommu.IommuUnits(sysfs) is { Count: > 0 } units)
        {
            errors.Add(new(UnsafeNoIommu.Field, $"{RunSettingsLabels.For(UnsafeNoIommu.Field)} is on, but this host has an IOMMU ({string.Join(", ", units)} in /sys/class/iommu); turn the opt-in off: no-IOMMU mode is only for a machine without one."));
        }

        return errors;
    }

    /// <summary>
    /// Three octets, unicast (the first octet even: a multicast source MAC is refused by every PF driver); the other
    /// three come from the PF and the VF index.
    /// </summary>
    private static void ValidateMacPrefix(string prefix, List<FieldError> errors)
    {
        const string field = nameof(RunSettings.VfMacPrefix);
        if (prefix.Length == 0)
        {
            return;
        }

        var octets = prefix.Split(':');
        if (octets.Length != 3 || !octets.All(o => o.Length == 2 && o.All(char.IsAsciiHexDigit)))
        {
            errors.Add(new(field, $"'{prefix}' is not a MAC prefix; enter the first three octets as hex pairs, e.g. 02:76:73 (empty leaves the MACs to the driver)."));
        }
        else if ((Convert.ToByte(octets[0], 16) & 1) == 1)
        {
            errors.Add(new(field, $"'{prefix}' starts a multicast MAC (the first octet is odd); PF drivers refuse it for a VF. Use an even first octet, e.g. 02:76:73."));
        }
    }

    private static PhysicalFunctionInfo? ValidatePf(string address, ISysfs sysfs, List<FieldError> errors)
    {
        const string field = nameof(RunSettings.PfAddress);
        if (!PciAddress.TryParse(address, out _, out var parseError))
        {
            errors.Add(new(field, parseError + Candidates(sysfs)));
            return null;
        }

        var pf = SriovInventory.ReadPhysicalFunction(sysfs, address);
        if (pf is null)
        {
            errors.Add(new(field, $"This host has no PCI device {address}." + Candidates(sysfs)));
        }
        else if (!pf.IsSriovCapable)
        {
            errors.Add(new(field, $"{address} ({pf.VendorId}:{pf.DeviceId}, {pf.Driver ?? "no driver"}) has no SR-IOV capability (no sriov_totalvfs)." + Candidates(sysfs)));
        }
        else if (!pf.IsIntel)
        {
            errors.Add(new(field, $"{address} is a {pf.VendorId}:{pf.DeviceId} NIC ({pf.Driver ?? "no driver"}); the recipe supports Intel NICs (8086) with the Intel IOMMU." + Candidates(sysfs)));
        }
        else
        {
            return pf;
        }

        return null;
    }

    private static string Candidates(ISysfs sysfs)
    {
        var intel = SriovInventory.ReadPhysicalFunctions(sysfs).Where(pf => pf.IsIntel).Select(pf => pf.Address).ToList();
        return intel.Count == 0
            ? " No Intel SR-IOV PF was found on this host."
            : $" Choose an Intel SR-IOV PF: {string.Join(", ", intel)}.";
    }
}
