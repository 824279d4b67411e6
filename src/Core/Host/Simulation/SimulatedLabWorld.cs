namespace VirtSriov.Core.Host.Simulation;

/// <summary>
/// The hardware of the built-in simulated lab (a simulation, not a host): the NICs every helper of the project
/// assumes, and the kernel driver that claims each device id.
/// </summary>
public static class SimulatedLabWorld
{
    public const string DefaultPfAddress = "0000:3b:00.0";

    public const string KernelRelease = "6.1.0-27-amd64";

    public static IReadOnlyList<SimulatedNic> Nics { get; } =
    [
        new("0000:01:00.0", "8086", "1533", "igb", "eno1", "3c:fd:fe:00:01:00", 1000, 0, 10),
        new("0000:3b:00.0", "8086", "1572", "i40e", "ens1f0", "3c:fd:fe:3b:00:00", 10000, 0, 30, 64, 16, 1, "154c", "iavf"),
        new("0000:5e:00.0", "8086", "1592", "ice", "ens2f0", "b4:96:91:5e:00:00", 100000, 1, 40, 256, 8, 1, "1889", "iavf"),
        new("0000:af:00.0", "15b3", "1017", "mlx5_core", "ens3f0np0", "0c:42:a1:af:00:00", 25000, 1, 50, 8, 2, 1, "1018", "mlx5_core"),
    ];

    /// <summary>Every driver the simulated kernel has loaded.</summary>
    public static IReadOnlyList<string> Drivers { get; } = ["i40e", "iavf", "ice", "igb", "mlx5_core", "vfio-pci"];

    /// <summary>The driver that claims a device without a driver_override, or null when none matches.</summary>
    public static string? DefaultDriver(string vendorId, string deviceId) =>
        Nics.FirstOrDefault(n => n.VendorId == vendorId && n.DeviceId == deviceId)?.Driver
        ?? Nics.FirstOrDefault(n => n.VendorId == vendorId && n.IsSriovCapable && n.VfDeviceId == deviceId)?.VfDriver;
}
