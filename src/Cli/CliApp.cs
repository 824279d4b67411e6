using System.CommandLine;
using VirtSriov.Cli.Commands;

namespace VirtSriov.Cli;

/// <summary>
/// The <c>virtsriov</c> command line: host checks and the emulated-hardware lab on a real host or in the lab guest, and
/// runs driven on a dashboard through its API with a token, or locally on a data folder.
/// </summary>
public static class CliApp
{
    /// <param name="target">Where labs and run commands act; tests pass one with an in-process handler.</param>
    public static RootCommand Build(RunTargetOptions? target = null) =>
        new("virtsriov: SR-IOV host checks, the emulated-hardware lab, and runs (on a dashboard or local)")
        {
            LabsCommand.Create(target ??= new RunTargetOptions()),
            RunCommand.Create(target),
            PreflightCommand.Create(),
            LabRunCommand.Create(),
            LabImportCommand.Create(),
            SysfsSnapshotCommand.Create(),
            VfsRestoreCommand.Create(),
        };
}
