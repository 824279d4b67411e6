namespace VirtSriov.Core.Labs;

/// <summary>Power-cycles a lab's host another way than <c>systemctl reboot</c> over SSH (the emulated lab's QEMU guest).</summary>
public interface IHostPowerCycle
{
    /// <summary>True when this power-cycles <paramref name="lab"/>'s host.</summary>
    bool Handles(LabDefinition lab);

    /// <summary>Powers the host off and on again; returns once it answers over SSH.</summary>
    Task PowerCycleAsync(LabDefinition lab, CancellationToken cancellationToken);
}
