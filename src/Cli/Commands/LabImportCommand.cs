using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Labs.Emulated;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Runs.Events;
using VirtSriov.Data;

namespace VirtSriov.Cli.Commands;

/// <summary><c>virtsriov lab-import result.json --data DIR</c>: stores a lab run in the dashboard's history; prints the run id.</summary>
public static class LabImportCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("result") { Description = "result.json written by lab-run" };
        var data = new Option<string>("--data") { Description = "The dashboard's data folder (holds virtsriov.db)", Required = true };
        var command = new Command("lab-import", "Store a lab run's result.json as a run in the history") { file, data };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            var json = await File.ReadAllTextAsync(path, cancellationToken);
            var result = await LabJson.ReadAsync(path, cancellationToken);
            await using var services = new ServiceCollection().AddVirtSriovData(parse.GetValue(data)!).BuildServiceProvider();
            await DatabaseInitializer.MigrateAsync(services, cancellationToken);
            var importer = new LabResultImporter(
                services.GetRequiredService<ILabStore>(),
                services.GetRequiredService<IRunStore>(),
                services.GetRequiredService<IRunEventStore>());
            var runId = await importer.ImportAsync(result, json, cancellationToken);
            await Console.Out.WriteLineAsync(runId.ToString());
            return 0;
        });
        return command;
    }
}
