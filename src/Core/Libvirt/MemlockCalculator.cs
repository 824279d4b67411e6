namespace VirtSriov.Core.Libvirt;

/// <summary>
/// libvirt's memory locking rule for x86_64 QEMU guests, and the <c>hard_limit</c> VirtSriov sets from it.
/// </summary>
/// <remarks>
/// Mirrors <c>qemuDomainGetMemLockLimitBytes</c> (libvirt <c>src/qemu/qemu_domain.c</c>; expectations in
/// <c>tests/qemumemlocktest.c</c> with <c>tests/qemumemlockdata/qemumemlock-pc-*.xml</c>):
/// a set <c>hard_limit</c> wins and is the memlock limit; otherwise <c>&lt;locked/&gt;</c> means unlimited; otherwise,
/// with VFIO devices, guest memory + 1 GiB (the 1 GiB was the x86 MMIO reserve). Since libvirt 8.7.0 the guest memory
/// counts once per VFIO device when a vIOMMU is present, because each such device gets its own address space that
/// pins all guest RAM again; older libvirt counted it once, which is why the original recipe hand-set a large limit.
/// Without VFIO and without a hard limit no limit is set (0).
/// </remarks>
public static class MemlockCalculator
{
    /// <summary><c>VIR_DOMAIN_MEMORY_PARAM_UNLIMITED</c>.</summary>
    public const long Unlimited = 9007199254740991;

    public const long GiBInKiB = 1024L * 1024;

    /// <summary>
    /// Margin on top of the locked memory for QEMU's own allocations (device emulation, vhost rings, I/O buffers):
    /// a set hard_limit is also the cgroup ceiling of the whole QEMU process, which is OOM-killed when it is reached.
    /// </summary>
    public const long QemuOverheadKiB = GiBInKiB;

    /// <summary>The release that made the locked amount scale with the VFIO devices behind a vIOMMU.</summary>
    public static Version PerDeviceRuleSince { get; } = new(8, 7, 0);

    /// <summary>What libvirt <paramref name="libvirtVersion"/> sets as RLIMIT_MEMLOCK for the domain, in bytes (0: none).</summary>
    public static long LibvirtLimitBytes(DomainMemory memory, Version libvirtVersion)
    {
        ArgumentNullException.ThrowIfNull(memory);
        if (memory.HardLimitKiB is { } hardLimit)
        {
            return checked(hardLimit * 1024);
        }

        if (memory.Locked)
        {
            return Unlimited;
        }

        return memory.VfioDevices == 0 ? 0 : checked((LockedKiB(memory, libvirtVersion) + GiBInKiB) * 1024);
    }

    /// <summary>What QEMU actually pins for the VFIO devices (libvirt ≥ 8.7 arithmetic, whatever the installed version).</summary>
    public static long RequiredKiB(DomainMemory memory)
    {
        ArgumentNullException.ThrowIfNull(memory);
        return checked(LockedKiB(memory, PerDeviceRuleSince) + GiBInKiB);
    }

    /// <summary>The hard_limit to set: <see cref="RequiredKiB"/> + <see cref="QemuOverheadKiB"/>.</summary>
    public static long HardLimitKiB(DomainMemory memory) => checked(RequiredKiB(memory) + QemuOverheadKiB);

    private static long LockedKiB(DomainMemory memory, Version libvirtVersion)
    {
        var factor = memory.HasViommu && libvirtVersion >= PerDeviceRuleSince ? Math.Max(1, memory.VfioDevices) : 1;
        return checked(factor * memory.MemoryKiB);
    }
}
