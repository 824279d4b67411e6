using VirtSriov.Core.Host;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Preflight;

/// <summary>
/// UEFI firmware for the q35 workers: OVMF images and the QEMU firmware descriptors that libvirt's
/// <c>&lt;os firmware='efi'&gt;</c> autoselection reads.
/// </summary>
public sealed class OvmfCheck : SysfsCheck
{
    private const string Title = "UEFI firmware (OVMF)";

    private const string Why = "The Worker VMs step switches the workers to q35 + UEFI (os firmware='efi'); libvirt picks the OVMF image from QEMU's firmware descriptors and refuses to start a VM when none matches.";

    private const string InstallFix = "Install OVMF with its descriptors: apt install ovmf (Debian/Ubuntu) or dnf install edk2-ovmf (Fedora/RHEL), then restart virtqemud/libvirtd.";

    private static readonly string[] ImageFolders = ["/usr/share/OVMF", "/usr/share/edk2/ovmf", "/usr/share/edk2/x64", "/usr/share/edk2-ovmf/x64"];

    private static readonly string[] DescriptorFolders = ["/etc/qemu/firmware", "/usr/share/qemu/firmware"];

    public override string Id => "ovmf";

    protected override IEnumerable<StepFinding> Check(ISysfs sysfs, RunSettings settings)
    {
        var images = ImageFolders
            .SelectMany(folder => sysfs.List(folder)
                .Where(name => name.StartsWith("OVMF_CODE", StringComparison.Ordinal) && name.EndsWith(".fd", StringComparison.Ordinal))
                .Select(name => $"{folder}/{name}"))
            .ToList();
        var descriptors = DescriptorFolders
            .SelectMany(folder => sysfs.List(folder)
                .Where(name => name.EndsWith(".json", StringComparison.Ordinal))
                .Select(name => $"{folder}/{name}"))
            .Where(path => IsX64Uefi(TryRead(sysfs, path)))
            .ToList();

        if (descriptors.Count > 0)
        {
            yield return new StepFinding("ovmf.firmware", FindingSeverity.Ok, Title, $"{descriptors.Count} x86_64 UEFI descriptor(s), e.g. {descriptors[0]}; {images.Count} OVMF_CODE image(s)");
        }
        else if (images.Count > 0)
        {
            yield return new StepFinding(
                "ovmf.firmware",
                FindingSeverity.Warning,
                Title,
                $"{string.Join(", ", images)} but no x86_64 UEFI descriptor in {string.Join(" or ", DescriptorFolders)}",
                Why,
                "Install the distribution's OVMF package that ships the descriptors (Debian: ovmf ≥ 2020.11 puts them in /usr/share/qemu/firmware), or write a descriptor for the image.");
        }
        else
        {
            yield return new StepFinding(
                "ovmf.firmware",
                FindingSeverity.Error,
                Title,
                $"no OVMF_CODE*.fd in {string.Join(", ", ImageFolders)} and no UEFI descriptor in {string.Join(" or ", DescriptorFolders)}",
                Why,
                InstallFix);
        }
    }

    /// <summary>A QEMU firmware descriptor (docs/interop/firmware.json) for UEFI on x86_64.</summary>
    private static bool IsX64Uefi(string? descriptor) =>
        descriptor is not null
        && descriptor.Contains("\"uefi\"", StringComparison.Ordinal)
        && descriptor.Contains("\"x86_64\"", StringComparison.Ordinal);
}
