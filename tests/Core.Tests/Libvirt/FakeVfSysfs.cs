using VirtSriov.Core.Host;

namespace VirtSriov.Core.Tests.Libvirt;

/// <summary>A tiny in-test sysfs: one X710-like PF whose VFs (virtfnN → 0000:3b:02.N) are bound to a chosen driver.</summary>
internal sealed class FakeVfSysfs(string pfAddress, int vfCount, string driver = "vfio-pci") : ISysfs
{
    private string Pf => $"{SriovInventory.PciDevices}/{pfAddress}";

    public bool IsSimulated => true;

    public static string VfAddress(int index) => $"0000:3b:{2 + (index / 8):x2}.{index % 8}";

    public bool Exists(string path) => path.EndsWith("/vendor", StringComparison.Ordinal) || path.EndsWith("/device", StringComparison.Ordinal);

    public string ReadText(string path) => path.EndsWith("/vendor", StringComparison.Ordinal) ? "0x8086\n" : "0x154c\n";

    public void WriteText(string path, string value) => throw new SysfsWriteException(path, value, "EACCES", "read-only fake");

    public IReadOnlyList<string> List(string directory) =>
        directory == Pf ? [.. Enumerable.Range(0, vfCount).Select(i => $"virtfn{i}"), "sriov_numvfs"] : [];

    public string? ReadLink(string path)
    {
        if (path.StartsWith(Pf + "/virtfn", StringComparison.Ordinal))
        {
            return "../" + VfAddress(int.Parse(path[(Pf.Length + 7)..], System.Globalization.CultureInfo.InvariantCulture));
        }

        return path.EndsWith("/driver", StringComparison.Ordinal) ? $"../../../../bus/pci/drivers/{driver}" : null;
    }
}
