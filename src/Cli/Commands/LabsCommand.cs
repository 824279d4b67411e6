using System.CommandLine;
using System.Text.Json;
using VirtSriov.Cli.Remote;
using VirtSriov.Core.Labs.Emulated;

namespace VirtSriov.Cli.Commands;

/// <summary><c>virtsriov labs [--json]</c>: the dashboard's labs.</summary>
public static class LabsCommand
{
    public static Command Create(RemoteOptions remote)
    {
        var command = new Command("labs", "List the dashboard's labs");
        remote.AddTo(command);
        command.SetAction(remote.Action(async (parse, client, cancellationToken) =>
        {
            var labs = await client.LabsAsync(cancellationToken);
            if (parse.GetValue(remote.Json))
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
