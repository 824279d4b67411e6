using System.CommandLine;
using VirtSriov.Cli.Hosting;
using VirtSriov.Cli.LabRun;
using VirtSriov.Core.Host.Persistence;
using VirtSriov.Core.Steps;

namespace VirtSriov.Cli.Commands;

/// <summary>
/// <c>virtsriov vfs-restore --config /etc/virtsriov/vfs.json</c>: run at boot by virtsriov-vfs.service; recreates the
/// VFs of each PF and binds them to vfio-pci with the Virtual functions step. Exit code 1 when a PF failed.
/// </summary>
public static class VfsRestoreCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config") { Description = "Restore configuration written by the Virtual functions step", DefaultValueFactory = _ => VfPersistenceFiles.ConfigPath };
        var root = new Option<string>("--root") { Description = "Filesystem root to write sysfs under", DefaultValueFactory = _ => "/" };
        var command = new Command("vfs-restore", "Recreate the SR-IOV VFs of a restore configuration and bind them to vfio-pci (run at boot)") { config, root };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(config)!;
            var restore = VfPersistenceFiles.ParseConfig(File.Exists(path) ? await File.ReadAllTextAsync(path, cancellationToken) : null);
            if (restore is null)
            {
                await Console.Error.WriteLineAsync($"{path} is missing or not a VirtSriov restore configuration; nothing restored.");
                return 1;
            }

            await using var lab = new CliHostLab(parse.GetValue(root)!);
            var log = new RecordingStepLog(TimeProvider.System, Console.Out) { Step = StepKind.VirtualFunctions };
            var failed = await new VfRestorer(TimeProvider.System).RestoreAsync(lab, restore, log, cancellationToken);
            return failed.Count == 0 ? 0 : 1;
        });
        return command;
    }
}
