using System.CommandLine;
using VirtSriov.Cli.Commands;
using VirtSriov.Cli.Remote;

namespace VirtSriov.Cli;

/// <summary>
/// The <c>virtsriov</c> command line: host checks and the emulated-hardware lab on a real host or in the lab guest, and
/// runs driven on a dashboard through its API with a token.
/// </summary>
public static class CliApp
{
    /// <param name="remote">How dashboard commands connect; tests pass one with an in-process handler.</param>
    public static RootCommand Build(RemoteOptions? remote = null) =>
        new("virtsriov: SR-IOV host checks, the emulated-hardware lab, and runs on a dashboard")
        {
            LabsCommand.Create(remote ??= new RemoteOptions()),
            RunCommand.Create(remote),
            PreflightCommand.Create(),
            LabRunCommand.Create(),
            LabImportCommand.Create(),
            SysfsSnapshotCommand.Create(),
            VfsRestoreCommand.Create(),
        };
}
