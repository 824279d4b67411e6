namespace VirtSriov.Core.Host.Persistence;

/// <summary>The VFs after a host reboot compared with what the Virtual functions step recorded.</summary>
/// <param name="Host">The host that was rebooted.</param>
/// <param name="RebootSeconds">Power-cycle to the host answering over SSH again, in seconds.</param>
/// <param name="Items">Count, each VF's MAC and vfio-pci binding, and the boot order of the unit and libvirt.</param>
public sealed record RebootCheckReport(string Host, double RebootSeconds, IReadOnlyList<RebootCheckItem> Items)
{
    public bool Restored => Items.Count > 0 && Items.All(i => i.Matches);

    /// <summary>The report as text (stored as the run's artifact reboot-check.txt).</summary>
    public string Text() =>
        $"Reboot of {Host}: back over SSH after {RebootSeconds:0.0} s; VFs {(Restored ? "restored as recorded" : "NOT restored as recorded")}.\n"
        + string.Concat(Items.Select(i => $"{(i.Matches ? "ok  " : "FAIL")} {i.What}: recorded {i.Expected}, found {i.Found}\n"));
}
