using System.Globalization;
using VirtSriov.Core.Labs;

namespace VirtSriov.Core.Host.Persistence;

/// <summary>
/// When the boot unit ran in the host's last boot, and when libvirt started (seconds since boot). From systemd
/// (<c>systemctl show</c>'s monotonic timestamps) on a host booted by it; from <c>/run/virtsriov-boot.log</c> on the
/// emulated lab's guest, whose init plays systemd's part for the unit (scripts/emulated-lab/hypervisor.sh).
/// </summary>
/// <param name="UnitStarted">The unit's ExecStart began; null when it did not run this boot.</param>
/// <param name="UnitFinished">It exited.</param>
/// <param name="UnitExit">Its exit status.</param>
/// <param name="LibvirtStarted">libvirtd (or virtqemud) started; null when it did not.</param>
/// <param name="Source">Where this was read.</param>
public sealed record BootOrder(double? UnitStarted, double? UnitFinished, int? UnitExit, double? LibvirtStarted, string Source)
{
    public const string GuestBootLog = "/run/virtsriov-boot.log";

    /// <summary>The unit ran, succeeded and finished before libvirt started (libvirt not started counts as after).</summary>
    public bool UnitBeforeLibvirt => UnitExit == 0 && UnitFinished is { } finished && (LibvirtStarted is null || finished <= LibvirtStarted);

    public string Describe() =>
        UnitStarted is null
            ? $"{VfPersistenceFiles.UnitName} did not run this boot ({Source})"
            : $"{VfPersistenceFiles.UnitName} ran {Seconds(UnitStarted)}–{Seconds(UnitFinished)} s after boot (exit {UnitExit?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}), "
              + $"libvirt started {(LibvirtStarted is null ? "not at all" : Seconds(LibvirtStarted) + " s")} ({Source})";

    public static async Task<BootOrder> ReadAsync(ILabEnvironment lab, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lab);
        return await lab.Services.ReadFileAsync(GuestBootLog, cancellationToken).ConfigureAwait(false) is { } log
            ? ParseGuestLog(log)
            : await FromSystemdAsync(lab, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lines "UPTIME EVENT", e.g. <c>41.20 virtsriov-vfs.service exit 0</c>; the last boot's only (the file is on tmpfs).</summary>
    public static BootOrder ParseGuestLog(string log)
    {
        ArgumentNullException.ThrowIfNull(log);
        double? started = null, finished = null, libvirt = null;
        int? exit = null;
        foreach (var line in log.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ', 2);
            if (parts.Length < 2 || !double.TryParse(parts[0], CultureInfo.InvariantCulture, out var at))
            {
                continue;
            }

            var evt = parts[1];
            if (evt == $"{VfPersistenceFiles.UnitName} start")
            {
                started = at;
            }
            else if (evt.StartsWith($"{VfPersistenceFiles.UnitName} exit ", StringComparison.Ordinal))
            {
                finished = at;
                exit = int.TryParse(evt[(VfPersistenceFiles.UnitName.Length + 6)..], CultureInfo.InvariantCulture, out var status) ? status : null;
            }
            else if (evt == "libvirtd start")
            {
                libvirt = at;
            }
        }

        return new BootOrder(started, finished, exit, libvirt, GuestBootLog + " (the emulated lab's init)");
    }

    private static async Task<BootOrder> FromSystemdAsync(ILabEnvironment lab, CancellationToken cancellationToken)
    {
        var unit = await ShowAsync(lab, VfPersistenceFiles.UnitName, cancellationToken).ConfigureAwait(false);
        var libvirtd = await ShowAsync(lab, "libvirtd.service", cancellationToken).ConfigureAwait(false);
        var virtqemud = await ShowAsync(lab, "virtqemud.service", cancellationToken).ConfigureAwait(false);
        var libvirt = Microseconds(libvirtd, "ExecMainStartTimestampMonotonic") ?? Microseconds(virtqemud, "ExecMainStartTimestampMonotonic");
        return new BootOrder(
            Microseconds(unit, "ExecMainStartTimestampMonotonic"),
            Microseconds(unit, "ExecMainExitTimestampMonotonic"),
            unit.TryGetValue("ExecMainStatus", out var status) && int.TryParse(status, CultureInfo.InvariantCulture, out var code) && Microseconds(unit, "ExecMainExitTimestampMonotonic") is not null ? code : null,
            libvirt,
            "systemctl show");
    }

    private static async Task<IReadOnlyDictionary<string, string>> ShowAsync(ILabEnvironment lab, string unit, CancellationToken cancellationToken)
    {
        var result = await lab.Processes.RunAsync(
            "systemctl", ["show", "-p", "ExecMainStartTimestampMonotonic", "-p", "ExecMainExitTimestampMonotonic", "-p", "ExecMainStatus", unit], cancellationToken).ConfigureAwait(false);
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
    }

    /// <summary>systemd's monotonic microseconds as seconds since boot; 0 (never happened) is null.</summary>
    private static double? Microseconds(IReadOnlyDictionary<string, string> properties, string name) =>
        properties.TryGetValue(name, out var text) && long.TryParse(text, CultureInfo.InvariantCulture, out var value) && value > 0 ? value / 1e6 : null;

    private static string Seconds(double? value) => value?.ToString("0.0", CultureInfo.InvariantCulture) ?? "?";
}
