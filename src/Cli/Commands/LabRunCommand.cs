using System.CommandLine;
using VirtSriov.Cli.Hosting;
using VirtSriov.Cli.LabRun;
using VirtSriov.Core.Labs.Emulated;

namespace VirtSriov.Cli.Commands;

/// <summary>
/// <c>virtsriov lab-run --pf auto --vfs 7 --bind 2 --testpmd-seconds 10 --out result.json</c>: creates VFs with the
/// product's Virtual functions step and runs dpdk-testpmd on them unprivileged; exit code 1 when a check fails.
/// Changes the host: meant for the emulated-hardware lab guest or a lab hypervisor.
/// </summary>
public static class LabRunCommand
{
    public static Command Create()
    {
        var pf = new Option<string>("--pf") { Description = "PF PCI address, or auto (igb 82576, else the first Intel SR-IOV PF)", DefaultValueFactory = _ => LabRunOptions.AutoPf };
        var vfs = new Option<int>("--vfs") { Description = "VFs to create and bind to vfio-pci", DefaultValueFactory = _ => 7 };
        var bind = new Option<int>("--bind") { Description = "VFs of those that get a MAC on the PF and a testpmd port", DefaultValueFactory = _ => 2 };
        var seconds = new Option<int>("--testpmd-seconds") { Description = "How long testpmd forwards (0: no testpmd)", DefaultValueFactory = _ => 10 };
        var uid = new Option<int>("--testpmd-uid") { Description = "Unprivileged uid and gid for testpmd", DefaultValueFactory = _ => LabRunOptions.NobodyUid };
        var output = new Option<string>("--out") { Description = "Where to write result.json", DefaultValueFactory = _ => "result.json" };
        var command = new Command("lab-run", "Create VFs, bind them to vfio-pci and forward packets VF to VF with unprivileged dpdk-testpmd") { pf, vfs, bind, seconds, uid, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new LabRunOptions(parse.GetValue(pf)!, parse.GetValue(vfs), parse.GetValue(bind), parse.GetValue(seconds), parse.GetValue(uid), parse.GetValue(output)!);
            if (options.Problem() is { } problem)
            {
                await Console.Error.WriteLineAsync(problem);
                return 2;
            }

            await using var lab = new CliHostLab();
            var result = await new LabRunner(lab, TimeProvider.System, Console.Error).RunAsync(options, cancellationToken);
            await LabJson.WriteAsync(options.OutputPath, result, cancellationToken);
            foreach (var check in result.Checks)
            {
                await Console.Error.WriteLineAsync($"{(check.Passed ? "PASS" : "FAIL")} {check.Id}: {check.Observed}");
            }

            if (result.Error is not null)
            {
                await Console.Error.WriteLineAsync($"error: {result.Error}\nfix: {result.Fix}");
            }

            return result.Passed ? 0 : 1;
        });
        return command;
    }
}
