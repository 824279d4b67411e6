using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Host.Persistence;

/// <summary>What keeps (or stops keeping) the VFs across a host reboot; part of the Virtual functions plan.</summary>
/// <param name="Files">The restore configuration, the unit and the modules-load.d file, each with its wanted content.</param>
/// <param name="Enable">The unit will be enabled (it is not yet).</param>
/// <param name="Disable">The unit will be disabled (no PF is left to restore).</param>
/// <param name="Warnings">What the operator should know, e.g. the CLI the unit runs is not installed.</param>
public sealed record VfPersistencePlan(
    IReadOnlyList<VfPersistenceFile> Files,
    bool Enable,
    bool Disable,
    IReadOnlyList<string> Warnings)
{
    /// <summary>The CLI the unit runs, copied to the host first; null when it is installed (or cannot be).</summary>
    public CliInstallPlan? InstallCli { get; init; }

    public bool NothingToDo => !Enable && !Disable && InstallCli is null && Files.All(f => !f.Changes);

    /// <summary>The lines the plan page lists.</summary>
    public IReadOnlyList<PlannedChange> Changes()
    {
        var changes = Files
            .Where(f => f.Changes)
            .Select(f => new PlannedChange(f.Path, f.Content is null ? "remove: no VFs are left to recreate at boot" : "write: recreates the VFs and their vfio-pci binding at boot"))
            .ToList();
        if (InstallCli is { } install)
        {
            changes.Insert(0, new PlannedChange(install.LinkPath, install.Description));
        }

        if (Enable)
        {
            changes.Add(new PlannedChange(VfPersistenceFiles.UnitName, "systemctl daemon-reload; systemctl enable: runs at every boot before libvirt"));
        }

        if (Disable)
        {
            changes.Add(new PlannedChange(VfPersistenceFiles.UnitName, "systemctl disable; systemctl daemon-reload"));
        }

        return changes;
    }

    /// <summary>The files to be written, shown in the plan and stored with the run.</summary>
    public IReadOnlyList<PlanArtifact> Artifacts() =>
        Files.Where(f => f.Content is not null)
            .Select(f => new PlanArtifact(System.IO.Path.GetFileName(f.Path), f.Path.EndsWith(".json", StringComparison.Ordinal) ? "json" : "ini", f.Content!))
            .ToList();
}
