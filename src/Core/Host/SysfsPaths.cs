namespace VirtSriov.Core.Host;

/// <summary>The sysfs files the host steps read and write, in one place (paths under the lab's sysfs root).</summary>
public static class SysfsPaths
{
    public const string PciDevices = "/sys/bus/pci/devices";

    public const string PciDrivers = "/sys/bus/pci/drivers";

    /// <summary>Writing a device address here makes the kernel bind it to the driver its <c>driver_override</c> names.</summary>
    public const string DriversProbe = "/sys/bus/pci/drivers_probe";

    public static string Device(string address) => $"{PciDevices}/{address}";

    public static string DeviceFile(string address, string file) => $"{PciDevices}/{address}/{file}";

    public static string NumVfs(string pfAddress) => DeviceFile(pfAddress, "sriov_numvfs");

    public static string TotalVfs(string pfAddress) => DeviceFile(pfAddress, "sriov_totalvfs");

    public static string DriversAutoprobe(string pfAddress) => DeviceFile(pfAddress, "sriov_drivers_autoprobe");

    public static string DriverOverride(string address) => DeviceFile(address, "driver_override");

    public static string Driver(string name) => $"{PciDrivers}/{name}";

    public static string Unbind(string driver) => $"{PciDrivers}/{driver}/unbind";

    public static string NetFlags(string netdev) => $"/sys/class/net/{netdev}/flags";

    public static string NetOperState(string netdev) => $"/sys/class/net/{netdev}/operstate";
}
