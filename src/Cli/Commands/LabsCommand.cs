using System.CommandLine;
using System.Text.Json;
using VirtSriov.Core.Labs.Emulated;

namespace VirtSriov.Cli.Commands;

/// <summary><c>virtsriov labs [--json]</c>: the labs of a dashboard, or of the local data folder.</summary>
public static class LabsCommand
{
    public static Command Create(RunTargetOptions target)
    {
        var command = new Command("labs", "List the labs (of a dashboard, or --local)");
        target.AddTo(command);
        command.SetAction(target.Action(async (parse, runs, cancellationToken) =>
        {
            var labs = await runs.LabsAsync(cancellationToken);
            if (parse.GetValue(target.Json))
            {
                await parse.InvocationConfiguration.Output.WriteLineAsync(JsonSerializer.Serialize(labs, LabJson.Options));
                return ExitCodes.Ok;
            }

            foreach (var lab in labs)
            {
                await parse.InvocationConfiguration.Output.WriteLineAsync($"{lab.Id}  {lab.Name}{(lab.IsSimulated ? " (simulated)" : "")}  {lab.Kind}  {lab.LibvirtUri}");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
