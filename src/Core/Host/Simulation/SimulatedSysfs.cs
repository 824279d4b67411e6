using System.Globalization;

namespace VirtSriov.Core.Host.Simulation;

/// <summary>
/// A SIMULATION of the kernel over a tree made by <see cref="SimulatedSysfsGenerator"/>: reads are plain file reads
/// (exactly as <see cref="RealSysfs"/> does them), writes to kernel attributes behave as the kernel's do —
/// <c>sriov_numvfs</c> (ERANGE, EBUSY, EINVAL, VFs and virtfnN links appear), <c>driver_override</c>,
/// <c>drivers_probe</c>, driver <c>bind</c>/<c>unbind</c> (vfio-pci makes <c>/dev/vfio/&lt;group&gt;</c>),
/// netdev <c>flags</c> and <c>nr_hugepages</c>. Other files are read-only (EACCES); missing paths give ENOENT.
/// </summary>
public sealed class SimulatedSysfs : ISysfs
{
    private readonly RealSysfs tree;
    private readonly SimulatedPciBus bus;
    private readonly SimulatedTreeWriter writer;
    private readonly Lock gate = new();

    public SimulatedSysfs(string root)
    {
        tree = new RealSysfs(root);
        if (!File.Exists(Path.Join(tree.Root, SimulatedSysfsGenerator.MarkerFile)))
        {
            throw new InvalidOperationException($"'{tree.Root}' is not a simulated tree; create it with {nameof(SimulatedSysfsGenerator)}.{nameof(SimulatedSysfsGenerator.Generate)} first.");
        }

        writer = new SimulatedTreeWriter(tree);
        bus = new SimulatedPciBus(tree, writer);
    }

    public string Root => tree.Root;

    public bool IsSimulated => true;

    public bool Exists(string path)
    {
        lock (gate)
        {
            return tree.Exists(path);
        }
    }

    public string ReadText(string path)
    {
        lock (gate)
        {
            return tree.ReadText(path);
        }
    }

    public IReadOnlyList<string> List(string directory)
    {
        lock (gate)
        {
            return tree.List(directory);
        }
    }

    public string? ReadLink(string path)
    {
        lock (gate)
        {
            return tree.ReadLink(path);
        }
    }

    public void WriteText(string path, string value)
    {
        lock (gate)
        {
            if (!tree.Exists(path))
            {
                throw Refused(path, value, "ENOENT");
            }

            var text = value.Trim();
            var name = Path.GetFileName(path);
            var parent = Path.GetDirectoryName(path)!;
            switch (name)
            {
                case "drivers_probe" when parent == "/sys/bus/pci":
                    Probe(path, value, text);
                    break;
                case "bind" when Path.GetDirectoryName(parent) == "/sys/bus/pci/drivers":
                    BindExplicitly(path, value, Path.GetFileName(parent), text);
                    break;
                case "unbind" when Path.GetDirectoryName(parent) == "/sys/bus/pci/drivers":
                    Unbind(path, value, Path.GetFileName(parent), text);
                    break;
                case "sriov_numvfs" when PciAddress.TryParse(Path.GetFileName(parent), out var pf, out _):
                    SetNumVfs(path, value, pf, text);
                    break;
                case "sriov_drivers_autoprobe":
                    Store(path, ParseBool(path, value, text) ? "1" : "0");
                    break;
                case "enable_unsafe_noiommu_mode" when parent == "/sys/module/vfio/parameters":
                    Store(path, ParseBool(path, value, text) ? "Y" : "N");
                    break;
                case "driver_override" when PciAddress.TryParse(Path.GetFileName(parent), out _):
                    Store(path, text.Length == 0 ? "(null)" : text);
                    break;
                case "flags" when Path.GetFileName(Path.GetDirectoryName(parent)) == "net":
                    SetNetdevFlags(path, value, parent, text);
                    break;
                case "nr_hugepages":
                    var pages = ParseCount(path, value, text);
                    Store(path, pages.ToString(CultureInfo.InvariantCulture));
                    Store($"{parent}/free_hugepages", pages.ToString(CultureInfo.InvariantCulture));
                    break;
                default:
                    throw Refused(path, value, "EACCES");
            }
        }
    }

    private void SetNumVfs(string path, string value, PciAddress pf, string text)
    {
        var count = ParseCount(path, value, text);
        var device = $"{SysfsPaths.PciDevices}/{pf}";
        var total = int.Parse(tree.ReadText($"{device}/sriov_totalvfs").Trim(), CultureInfo.InvariantCulture);
        var current = int.Parse(tree.ReadText(path).Trim(), CultureInfo.InvariantCulture);
        if (count > total)
        {
            throw Refused(path, value, "ERANGE");
        }

        if (count == current)
        {
            return;
        }

        if (count == 0)
        {
            bus.RemoveVirtualFunctions(pf);
        }
        else if (current != 0)
        {
            throw Refused(path, value, "EBUSY");
        }
        else if (bus.BoundDriver(pf.ToString()) is null)
        {
            throw Refused(path, value, "ENOENT");
        }
        else
        {
            bus.CreateVirtualFunctions(pf, count);
        }

        Store(path, count.ToString(CultureInfo.InvariantCulture));
    }

    private void Probe(string path, string value, string address)
    {
        if (!bus.DeviceExists(address))
        {
            throw Refused(path, value, "ENODEV");
        }

        if (bus.BoundDriver(address) is not null)
        {
            return;
        }

        var device = $"{SysfsPaths.PciDevices}/{address}";
        var driver = Override(device) ?? SimulatedLabWorld.DefaultDriver(SriovInventory.ReadId(tree, $"{device}/vendor"), SriovInventory.ReadId(tree, $"{device}/device"));
        if (driver is not null && bus.DriverLoaded(driver))
        {
            bus.Bind(address, driver);
        }
    }

    private void BindExplicitly(string path, string value, string driver, string address)
    {
        if (!bus.DeviceExists(address) || Override($"{SysfsPaths.PciDevices}/{address}") is { } other && other != driver)
        {
            throw Refused(path, value, "ENODEV");
        }

        if (bus.BoundDriver(address) is not null)
        {
            throw Refused(path, value, "EBUSY");
        }

        bus.Bind(address, driver);
    }

    private void Unbind(string path, string value, string driver, string address)
    {
        if (!bus.DeviceExists(address) || bus.BoundDriver(address) != driver)
        {
            throw Refused(path, value, "ENODEV");
        }

        bus.Unbind(address, driver);
    }

    private void SetNetdevFlags(string path, string value, string netdev, string text)
    {
        var parsed = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? int.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var flags)
            : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out flags);
        if (!parsed)
        {
            throw Refused(path, value, "EINVAL");
        }

        Store(path, $"0x{flags.ToString("x", CultureInfo.InvariantCulture)}");
        Store($"{netdev}/operstate", (flags & 1) == 1 ? "up" : "down");
    }

    private string? Override(string device) =>
        tree.ReadText($"{device}/driver_override").Trim() is var value && value is not ("(null)" or "") ? value : null;


    private void Store(string path, string text) => writer.WriteFile(path, text + "\n");

    private static int ParseCount(string path, string value, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : throw Refused(path, value, "EINVAL");

    private static bool ParseBool(string path, string value, string text) => text switch
    {
        "1" or "y" or "Y" or "on" => true,
        "0" or "n" or "N" or "off" => false,
        _ => throw Refused(path, value, "EINVAL"),
    };

    private static SysfsWriteException Refused(string path, string value, string errno) =>
        new(path, value, errno, LinuxErrno.Describe(errno) + " (simulated kernel)");
}
