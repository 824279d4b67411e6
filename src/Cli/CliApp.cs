using System.CommandLine;
using VirtSriov.Cli.Commands;

namespace VirtSriov.Cli;

/// <summary>The <c>virtsriov</c> command line: host checks and the emulated-hardware lab, on a real host or in the lab guest.</summary>
public static class CliApp
{
    public static RootCommand Build() =>
        new("virtsriov: SR-IOV host checks and the emulated-hardware lab")
        {
            PreflightCommand.Create(),
            LabRunCommand.Create(),
            LabImportCommand.Create(),
            SysfsSnapshotCommand.Create(),
            VfsRestoreCommand.Create(),
        };
}
