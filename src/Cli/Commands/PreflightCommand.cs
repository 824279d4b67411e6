using System.CommandLine;
using System.Text.Json;
using VirtSriov.Cli.Hosting;
using VirtSriov.Core.Labs.Emulated;
using VirtSriov.Core.Preflight;
using VirtSriov.Core.Steps;

namespace VirtSriov.Cli.Commands;

/// <summary><c>virtsriov preflight [--json] [--root DIR]</c>: the preflight doctor on this host; exit code 1 when a check fails.</summary>
public static class PreflightCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print the report as JSON" };
        var root = new Option<string>("--root") { Description = "Filesystem root to read sysfs and procfs under", DefaultValueFactory = _ => "/" };
        var command = new Command("preflight", "Check this host for the recipe: CPU, KVM, IOMMU, vfio, hugepages, memory, SR-IOV NICs") { json, root };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var lab = new CliHostLab(parse.GetValue(root)!);
            var report = await new PreflightDoctor(TimeProvider.System).ExamineAsync(lab, cancellationToken);
            if (parse.GetValue(json))
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(report, LabJson.Options));
            }
            else
            {
                WriteText(report);
            }

            return report.HasErrors ? 1 : 0;
        });
        return command;
    }

    private static void WriteText(PreflightReport report)
    {
        foreach (var finding in report.Findings)
        {
            Console.WriteLine($"{Label(finding.Severity),-7} {finding.Id}: {finding.Observed}");
            if (finding.Severity is FindingSeverity.Warning or FindingSeverity.Error)
            {
                Console.WriteLine($"        why: {finding.Why}");
                Console.WriteLine($"        fix: {finding.Fix}");
            }
        }
    }

    private static string Label(FindingSeverity severity) => severity switch
    {
        FindingSeverity.Ok => "ok",
        FindingSeverity.Info => "info",
        FindingSeverity.Warning => "WARN",
        _ => "ERROR",
    };
}
