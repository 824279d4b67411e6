using VirtSriov.Core.Labs;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Host.Persistence;

/// <summary>
/// Keeps the VFs of the Virtual functions step across host reboots: plans, installs and removes
/// <c>virtsriov-vfs.service</c>, which runs <c>virtsriov vfs-restore</c> (the same step) at boot before libvirt.
/// Several PFs share the one unit; each is an entry of <c>/etc/virtsriov/vfs.json</c>.
/// </summary>
public sealed class VfPersistence(IServiceManager services, ISysfs sysfs, CliPackage? cli = null, string cliPath = VfPersistenceFiles.DefaultCliPath)
{
    /// <summary>The lab's service manager and the published CLI the dashboard can install on its host.</summary>
    public static VfPersistence For(ILabEnvironment lab)
    {
        ArgumentNullException.ThrowIfNull(lab);
        return new VfPersistence(lab.Services, lab.Sysfs, lab.Cli);
    }

    /// <summary>Reads what is installed and plans the files for <paramref name="settings"/> (its PF and VF count); changes nothing.</summary>
    public async Task<VfPersistencePlan> PlanAsync(RunSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var installed = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var path in new[] { VfPersistenceFiles.ConfigPath, VfPersistenceFiles.UnitPath, VfPersistenceFiles.ModulesPath })
        {
            installed[path] = await services.ReadFileAsync(path, cancellationToken).ConfigureAwait(false);
        }

        var enabled = installed[VfPersistenceFiles.UnitPath] is not null
            && await services.IsEnabledAsync(VfPersistenceFiles.UnitName, cancellationToken).ConfigureAwait(false);
        var plan = Plan(settings, installed, enabled, cliInstalled: sysfs.Exists(cliPath), cliPath);
        if (cli is null || !plan.Warnings.Contains(MissingCliWarning(cliPath)))
        {
            return plan;
        }

        var files = cli.Files();
        return plan with
        {
            InstallCli = new CliInstallPlan(cli.SourceDirectory, files.Count, files.Sum(f => f.Bytes), cliPath),
            Warnings = [.. plan.Warnings.Where(w => w != MissingCliWarning(cliPath))],
        };
    }

    /// <summary>The plan for <paramref name="settings"/> given the installed files and unit state (pure).</summary>
    /// <param name="settings">The Virtual functions step's settings; <c>VfCount</c> 0 removes the PF's entry.</param>
    /// <param name="installed">Installed text per host path (null: absent) of the config, unit and modules files.</param>
    /// <param name="enabled">The unit is enabled now.</param>
    /// <param name="cliInstalled">The CLI the unit runs exists on the host.</param>
    /// <param name="cliPath">Where the unit runs the CLI from.</param>
    public static VfPersistencePlan Plan(RunSettings settings, IReadOnlyDictionary<string, string?> installed, bool enabled, bool cliInstalled, string cliPath = VfPersistenceFiles.DefaultCliPath)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(installed);
        var current = VfPersistenceFiles.ParseConfig(installed.GetValueOrDefault(VfPersistenceFiles.ConfigPath));
        var functions = (current?.Functions ?? [])
            .Where(f => f.PfAddress != settings.PfAddress)
            .Concat(settings.VfCount > 0 ? [settings] : [])
            .OrderBy(f => f.PfAddress, StringComparer.Ordinal)
            .ToList();
        var keep = functions.Count > 0;
        var wanted = new (string Path, string? Content)[]
        {
            (VfPersistenceFiles.ConfigPath, keep ? VfPersistenceFiles.Config(new VfRestoreConfig(VfRestoreConfig.CurrentVersion, functions)) : null),
            (VfPersistenceFiles.UnitPath, keep ? VfPersistenceFiles.Unit(cliPath) : null),
            (VfPersistenceFiles.ModulesPath, keep ? VfPersistenceFiles.Modules() : null),
        };
        var files = wanted.Select(w => new VfPersistenceFile(w.Path, w.Content, installed.GetValueOrDefault(w.Path) != w.Content)).ToList();
        var warnings = new List<string>();
        if (keep && !cliInstalled)
        {
            warnings.Add(MissingCliWarning(cliPath));
        }

        if (installed.GetValueOrDefault(VfPersistenceFiles.ConfigPath) is not null && current is null)
        {
            warnings.Add($"{VfPersistenceFiles.ConfigPath} is not a VirtSriov restore configuration; it will be replaced.");
        }

        return new VfPersistencePlan(files, Enable: keep && !enabled, Disable: !keep && (enabled || installed.GetValueOrDefault(VfPersistenceFiles.UnitPath) is not null), warnings);
    }

    /// <summary>What the plan says when the host lacks the CLI and the dashboard has no published one to copy there.</summary>
    public static string MissingCliWarning(string cliPath) =>
        $"{VfPersistenceFiles.UnitName} runs {cliPath}, which is not installed, and the dashboard has no published CLI to copy there: "
        + $"publish it (dotnet publish src/Cli -c Release -r linux-x64 --self-contained -o {CliPackage.InstallDirectory}) on the host and link it (ln -s {CliPackage.InstallDirectory}/{CliPackage.Program} {cliPath}), "
        + $"or set {nameof(VirtSriovOptions)}:{nameof(VirtSriovOptions.CliPublishDirectory)} to a published CLI and plan again; otherwise the VFs will not come back after a reboot.";

    /// <summary>Makes the host match the plan: writes or removes the files, reloads systemd and enables or disables the unit. Returns whether anything changed.</summary>
    public async Task<bool> ApplyAsync(VfPersistencePlan plan, IStepLog log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(log);
        if (plan.NothingToDo)
        {
            return false;
        }

        if (plan.Disable)
        {
            log.Command("systemctl", ["disable", VfPersistenceFiles.UnitName]);
            await services.DisableAsync(VfPersistenceFiles.UnitName, cancellationToken).ConfigureAwait(false);
        }

        if (plan.InstallCli is { } install)
        {
            await InstallCliAsync(install, log, cancellationToken).ConfigureAwait(false);
        }

        foreach (var file in plan.Files.Where(f => f.Changes))
        {
            if (file.Content is null)
            {
                log.Info($"remove {file.Path}");
                await services.DeleteFileAsync(file.Path, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                log.Info($"write {file.Path}");
                await services.WriteFileAsync(file.Path, file.Content, cancellationToken).ConfigureAwait(false);
            }
        }

        log.Command("systemctl", ["daemon-reload"]);
        await services.ReloadAsync(cancellationToken).ConfigureAwait(false);
        if (plan.Enable)
        {
            log.Command("systemctl", ["enable", VfPersistenceFiles.UnitName]);
            await services.EnableAsync(VfPersistenceFiles.UnitName, cancellationToken).ConfigureAwait(false);
        }

        log.Info(plan.Files.Any(f => f.Content is not null)
            ? $"{VfPersistenceFiles.UnitName} recreates the VFs at boot{(services.IsSimulated ? " (simulated systemd: written into the simulated tree)" : "")}."
            : $"{VfPersistenceFiles.UnitName} removed: no VFs are recreated at boot.");
        return true;
    }

    private async Task InstallCliAsync(CliInstallPlan install, IStepLog log, CancellationToken cancellationToken)
    {
        log.Info(install.Description);
        var package = new CliPackage(install.SourceDirectory);
        foreach (var (relative, _) in package.Files())
        {
            var local = Path.Combine(package.SourceDirectory, relative);
            var executable = (File.GetUnixFileMode(local) & UnixFileMode.UserExecute) != 0;
            await services.CopyInAsync(local, $"{CliPackage.InstallDirectory}/{relative.Replace(Path.DirectorySeparatorChar, '/')}", executable, cancellationToken).ConfigureAwait(false);
        }

        log.Command("ln", ["-sfn", CliInstallPlan.Program, install.LinkPath]);
        await services.LinkAsync(install.LinkPath, CliInstallPlan.Program, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Plans and applies the change for <paramref name="settings"/> in one go (the VF step's Apply uses the stored plan instead).</summary>
    public async Task<bool> InstallAsync(RunSettings settings, IStepLog log, CancellationToken cancellationToken) =>
        await ApplyAsync(await PlanAsync(settings, cancellationToken).ConfigureAwait(false), log, cancellationToken).ConfigureAwait(false);

    /// <summary>Stops recreating the VFs of <paramref name="pfAddress"/> at boot; removes the unit when it was the last PF (teardown).</summary>
    public Task<bool> RemoveAsync(string pfAddress, IStepLog log, CancellationToken cancellationToken) =>
        InstallAsync(new RunSettings { PfAddress = pfAddress, VfCount = 0 }, log, cancellationToken);
}
