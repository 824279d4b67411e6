using System.Globalization;
using VirtSriov.Core.Host;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Preflight;

/// <summary>
/// IOMMU interrupt remapping: whether the kernel uses it (the <c>IR-</c> interrupt chips in /proc/interrupts, readable
/// without root) and whether the VT-d units offer it (bit 3 of each unit's extended capability register, <c>ecap</c>).
/// </summary>
public sealed class InterruptRemappingCheck : SysfsCheck
{
    /// <summary>ECAP.IR: the remapping unit supports interrupt remapping (Intel VT-d specification, extended capability register).</summary>
    private const long InterruptRemappingBit = 1L << 3;

    private const string Title = "Interrupt remapping";

    private const string Why =
        "vfio_iommu_type1 refuses to give a device to a VM without interrupt remapping (\"No interrupt remapping support\"), because a VM could otherwise forge interrupts to the host.";

    public override string Id => "iommu.intremap";

    protected override IEnumerable<StepFinding> Check(ISysfs sysfs, RunSettings settings)
    {
        var units = sysfs.List("/sys/class/iommu");
        if (units.Count == 0)
        {
            yield return new StepFinding(
                Id,
                FindingSeverity.Info,
                Title,
                "not checked: no IOMMU is active (see iommu.enabled)",
                Why,
                "Turn the IOMMU on first (iommu.enabled); interrupt remapping comes with it on VT-d hosts.");
            yield break;
        }

        var interrupts = TryRead(sysfs, "/proc/interrupts");
        var remappedChips = interrupts is null ? [] : RemappedChips(interrupts);
        var capable = units.Select(unit => (Unit: unit, Ecap: ReadHex(sysfs, $"/sys/class/iommu/{unit}/intel-iommu/ecap"))).ToList();
        var hardware = capable.All(u => u.Ecap is null)
            ? "the units show no VT-d ecap register"
            : string.Join(", ", capable.Where(u => u.Ecap is not null).Select(u => $"{u.Unit} ecap IR={((u.Ecap & InterruptRemappingBit) != 0 ? 1 : 0)}"));
        if (remappedChips.Count > 0)
        {
            yield return new StepFinding(Id, FindingSeverity.Ok, Title, $"on: {string.Join(", ", remappedChips)} in /proc/interrupts; {hardware}");
            yield break;
        }

        var unsafeAllowed = TryRead(sysfs, "/sys/module/vfio_iommu_type1/parameters/allow_unsafe_interrupts")?.Trim() is "Y" or "1";
        var cmdline = (TryRead(sysfs, "/proc/cmdline") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var turnedOff = cmdline.Any(a => a.StartsWith("intremap=off", StringComparison.Ordinal) || a.Contains("intel_iommu=", StringComparison.Ordinal) && a.Contains("irq_remap_off", StringComparison.Ordinal));
        var supported = capable.Any(u => u.Ecap is { } ecap && (ecap & InterruptRemappingBit) != 0);
        var observed = interrupts is null
            ? $"unknown: /proc/interrupts is not readable; {hardware}"
            : $"off: no IR- interrupt chip in /proc/interrupts; {hardware}{(turnedOff ? "; intremap=off on the kernel command line" : "")}{(unsafeAllowed ? "; vfio_iommu_type1 allow_unsafe_interrupts=Y" : "")}";
        var fix = (turnedOff, supported) switch
        {
            (true, _) => "Remove intremap=off from GRUB_CMDLINE_LINUX in /etc/default/grub, run update-grub (or grub2-mkconfig) and reboot.",
            (false, true) => "Interrupt remapping is supported but not used: enable x2APIC in the firmware setup, check 'dmesg | grep -i remapping' for the reason, and reboot.",
            _ => "Use a host whose VT-d supports interrupt remapping; only if you accept the risk, allow unsafe interrupts: \"options vfio_iommu_type1 allow_unsafe_interrupts=1\" in /etc/modprobe.d/vfio.conf, then reload vfio_iommu_type1.",
        };
        yield return new StepFinding(Id, unsafeAllowed || interrupts is null ? FindingSeverity.Warning : FindingSeverity.Error, Title, observed, Why, fix);
    }

    /// <summary>Distinct interrupt chip names with the remapping prefix, e.g. <c>IR-PCI-MSIX-0000:3b:00.0</c> → <c>IR-PCI-MSIX</c>.</summary>
    private static List<string> RemappedChips(string interrupts) =>
        interrupts.Split('\n')
            .SelectMany(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(word => word.StartsWith("IR-", StringComparison.Ordinal))
            .Select(word => string.Join('-', word.Split('-').Take(3).TakeWhile(part => !part.Contains(':', StringComparison.Ordinal) && !part.All(char.IsAsciiDigit))))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

    private static long? ReadHex(ISysfs sysfs, string path) =>
        long.TryParse(TryRead(sysfs, path)?.Trim().Replace("0x", "", StringComparison.Ordinal), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value) ? value : null;
}
