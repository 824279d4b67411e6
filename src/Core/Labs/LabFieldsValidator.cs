using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Labs;

/// <summary>A host lab's fields, checked when the lab is added or edited rather than when a run starts.</summary>
public static class LabFieldsValidator
{
    public const int MaxNameLength = 64;
    public const int MaxFieldLength = 1024;

    private static readonly string[] Schemes = ["qemu", "qemu+ssh", "qemu+tls", "qemu+tcp", "qemu+unix", "qemu+libssh2", "qemu+libssh", "test"];

    /// <param name="allowProgramOptions">The operator explicitly allowed URI options that run programs or read host files.</param>
    public static IReadOnlyList<FieldError> Validate(string name, string sysfsRoot, string libvirtUri, bool allowProgramOptions)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(name) || name.Length > MaxNameLength)
        {
            errors.Add(new("Name", $"Give the lab a name of 1 to {MaxNameLength} characters."));
        }

        if (string.IsNullOrWhiteSpace(sysfsRoot) || sysfsRoot.Length > MaxFieldLength || !Path.IsPathFullyQualified(sysfsRoot))
        {
            errors.Add(new("SysfsRoot", "Enter an absolute path: / for this machine, or the root of a copy of a host's /sys tree."));
        }
        else if (!Directory.Exists(Path.Combine(sysfsRoot, "sys", "bus", "pci", "devices")))
        {
            errors.Add(new("SysfsRoot", $"{sysfsRoot} has no sys/bus/pci/devices: it is not the root of a Linux host (is /sys mounted there?)."));
        }

        var scheme = libvirtUri.Split(':', 2)[0];
        if (string.IsNullOrWhiteSpace(libvirtUri) || libvirtUri.Length > MaxFieldLength || !libvirtUri.Contains("://", StringComparison.Ordinal)
            || !(Schemes.Contains(scheme, StringComparer.OrdinalIgnoreCase) || scheme.EndsWith("+ext", StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add(new("LibvirtUri", $"'{Short(libvirtUri)}' is not a libvirt URI such as qemu:///system or qemu+ssh://root@host/system."));
        }
        else if (!allowProgramOptions && ProgramRunningOptions.InLibvirtUri(libvirtUri) is { Count: > 0 } risky)
        {
            errors.Add(new("LibvirtUri", $"The URI would make the dashboard (root) run programs or read host files: {string.Join("; ", risky)}. Remove them, or tick 'Allow options that run programs' if you mean it (audited)."));
        }

        return errors;
    }

    private static string Short(string value) => value.Length <= 80 ? value : value[..80] + "…";
}
