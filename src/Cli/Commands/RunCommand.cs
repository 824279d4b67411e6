using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using VirtSriov.Cli.Runs;
using VirtSriov.Core.Labs.Emulated;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Runs.Events;
using VirtSriov.Core.Steps;

namespace VirtSriov.Cli.Commands;

/// <summary>
/// <c>virtsriov run create|plan|apply|watch|teardown|export|compare</c>: drives runs on a dashboard with an API token,
/// or with <c>--local</c> in this process on the data folder.
/// Exit codes: <see cref="ExitCodes"/>.
/// </summary>
public static class RunCommand
{
    public static Command Create(RunTargetOptions target)
    {
        var command = new Command("run", "Create, plan, apply, watch, tear down, export and compare runs (on a dashboard, or --local)")
        {
            CreateCommand(target),
            PlanCommand(target),
            ApplyCommand(target),
            WatchCommand(target),
            TeardownCommand(target),
            ResumeCommand(target),
            ExportCommand(target),
            CompareCommand(target),
        };
        target.AddTo(command);
        return command;
    }

    private static Argument<Guid> RunId(string name = "run") => new(name) { Description = "The run's id" };

    private static Option<StepKind?> StepOption(string description) => new("--step") { Description = description };

    private static Command CreateCommand(RunTargetOptions target)
    {
        var lab = new Option<string>("--lab") { Description = "Lab name or id (default: the simulated lab)" };
        var file = new Option<FileInfo?>("--file") { Description = "Settings as YAML or JSON with the API's field names (pfAddress, vfCount, workers, …)" };
        var pf = new Option<string?>("--pf") { Description = "PCI address of the PF, e.g. 0000:3b:00.0" };
        var vfs = new Option<int?>("--vfs") { Description = "How many VFs to create" };
        var workers = new Option<string[]>("--worker") { Description = "A worker VM (repeat for each)", AllowMultipleArgumentsPerToken = true };
        var profile = new Option<RunProfile?>("--profile") { Description = "Full (default) or HypervisorOnly (Preflight, Virtual functions, Worker VMs, DPDK test in the worker)" };
        var command = new Command("create", "Open a run on a lab; prints its id") { lab, file, pf, vfs, workers, profile };
        command.SetAction(target.Action(async (parse, runs, ct) =>
        {
            var settings = parse.GetValue(file) is { } path
                ? RunSettingsFile.Parse(path.FullName, await ReadAsync(path, ct))
                : new RunSettings();
            settings = settings with
            {
                RunProfile = parse.GetValue(profile) ?? settings.RunProfile,
                PfAddress = parse.GetValue(pf) ?? settings.PfAddress,
                VfCount = parse.GetValue(vfs) ?? settings.VfCount,
                Workers = parse.GetValue(workers) is { Length: > 0 } chosen ? chosen : settings.Workers,
            };
            var labs = await runs.LabsAsync(ct);
            var name = parse.GetValue(lab);
            var chosenLab = name is null
                ? labs.FirstOrDefault(l => l.IsSimulated)
                : labs.FirstOrDefault(l => l.Name == name || l.Id.ToString() == name);
            if (chosenLab is null)
            {
                throw new CliException(ExitCodes.BadInput, $"--lab: no lab '{name ?? "(simulated)"}'.", "virtsriov labs lists them.");
            }

            var id = await runs.CreateRunAsync(chosenLab.Id, settings, ct);
            return await WriteAsync(parse, target, new { id, labId = chosenLab.Id, lab = chosenLab.Name }, id.ToString());
        }));
        return command;
    }

    private static Command PlanCommand(RunTargetOptions target)
    {
        var run = RunId();
        var step = StepOption("The step to plan (default: the run's next step)");
        var command = new Command("plan", "Plan a step: what Apply will change, with the generated files") { run, step };
        command.SetAction(target.Action(async (parse, runs, ct) =>
        {
            var id = parse.GetValue(run);
            var kind = parse.GetValue(step) ?? (await runs.RunAsync(id, ct)).NextStep
                ?? throw new CliException(ExitCodes.BadInput, "Every step of the run has succeeded; there is nothing to plan.", "Pass --step to plan one again.");
            var plan = await runs.PlanAsync(id, kind, ct);
            var text = string.Join(Environment.NewLine, [$"{plan.Step}: {plan.Summary}", .. plan.Changes.Select(c => $"  - {c}"), .. plan.Warnings.Select(w => $"  ! {w}"), .. plan.Artifacts.Select(a => $"  file {a.Name}")]);
            return await WriteAsync(parse, target, plan, text);
        }));
        return command;
    }

    private static Command ApplyCommand(RunTargetOptions target)
    {
        var run = RunId();
        var step = StepOption("Apply only this step (default: every step that has not succeeded, in order)");
        var command = new Command("apply", "Apply one step, or all remaining ones; exit code 1 when a step fails") { run, step };
        command.SetAction(target.Action(async (parse, runs, ct) =>
        {
            var id = parse.GetValue(run);
            if (parse.GetValue(step) is { } kind)
            {
                var record = await runs.ApplyAsync(id, kind, ct);
                await WriteAsync(parse, target, record, StepLine(record));
                return record.Status == StepStatus.Succeeded ? ExitCodes.Ok : ExitCodes.Failed;
            }

            var result = await runs.RunRemainingAsync(id, ct);
            await WriteAsync(parse, target, result, string.Join(Environment.NewLine, [$"run {result.Id}: {result.Status}", .. result.Steps.Select(StepLine)]));
            return result.Status == RunStatus.Succeeded ? ExitCodes.Ok : ExitCodes.Failed;
        }));
        return command;
    }

    private static Command WatchCommand(RunTargetOptions target)
    {
        var run = RunId();
        var after = new Option<long>("--after") { Description = "Replay the events after this sequence number first (0: all)" };
        var command = new Command("watch", "Follow a run's events and throughput live until it finishes") { run, after };
        command.SetAction(target.Action(async (parse, runs, ct) =>
        {
            var json = parse.GetValue(target.Json);
            RunStatus? final = null;
            await foreach (var e in runs.FollowAsync(parse.GetValue(run), parse.GetValue(after), ct))
            {
                await parse.InvocationConfiguration.Output.WriteLineAsync(json ? JsonSerializer.Serialize(e, RunJson.Options) : EventLine(e));
                final = e.RunStatus ?? final;
            }

            return final is RunStatus.Failed or RunStatus.Interrupted ? ExitCodes.Failed : ExitCodes.Ok;
        }));
        return command;
    }

    private static Command TeardownCommand(RunTargetOptions target)
    {
        var run = RunId();
        var command = new Command("teardown", "Remove what the run created, last step first; exit code 1 when a teardown fails") { run };
        command.SetAction(target.Action(async (parse, runs, ct) =>
        {
            var result = await runs.TeardownAsync(parse.GetValue(run), ct);
            await WriteAsync(parse, target, result, $"run {result.Id}: {result.Status}");
            return result.Teardown == RunTeardown.TornDown ? ExitCodes.Ok : ExitCodes.Failed;
        }));
        return command;
    }

    private static Command ResumeCommand(RunTargetOptions target)
    {
        var run = RunId();
        var command = new Command("resume", "Make an interrupted (e.g. its process was killed), failed, cancelled or torn-down run active again; then apply its steps") { run };
        command.SetAction(target.Action(async (parse, runs, ct) =>
        {
            var result = await runs.ResumeAsync(parse.GetValue(run), ct);
            await WriteAsync(parse, target, result, $"run {result.Id}: {result.Status}, next step {result.NextStep}");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command ExportCommand(RunTargetOptions target)
    {
        var run = RunId();
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Where to write the zip (default: virtsriov-run-<id>.zip)" };
        var command = new Command("export", "Download the run as a GitOps bundle (manifests, kustomization, kcli parameters, domain XMLs)") { run, output };
        command.SetAction(target.Action(async (parse, runs, ct) =>
        {
            var id = parse.GetValue(run);
            var path = parse.GetValue(output)?.FullName ?? Path.GetFullPath($"virtsriov-run-{id:N}.zip");
            var zip = await runs.BundleAsync(id, ct);
            await File.WriteAllBytesAsync(path, zip, ct);
            return await WriteAsync(parse, target, new { path, bytes = zip.Length }, path);
        }));
        return command;
    }

    private static Command CompareCommand(RunTargetOptions target)
    {
        var a = RunId("a");
        var b = RunId("b");
        var command = new Command("compare", "Compare two runs: the settings that differ, every step side by side") { a, b };
        command.SetAction(target.Action(async (parse, runs, ct) =>
        {
            var comparison = await runs.CompareAsync(parse.GetValue(a), parse.GetValue(b), ct);
            var text = string.Join(Environment.NewLine,
            [
                $"A {comparison.A.Id} {comparison.A.Status}   B {comparison.B.Id} {comparison.B.Status}",
                .. comparison.Settings.Select(s => $"  {s.Setting}: {s.A} → {s.B}"),
                .. comparison.Steps.Select(s => $"  {s.Step,-16} {s.StatusA,-10} {Seconds(s.DurationA),8}   {s.StatusB,-10} {Seconds(s.DurationB),8}"),
            ]);
            return await WriteAsync(parse, target, comparison, text);
        }));
        return command;
    }

    private static async Task<string> ReadAsync(FileInfo file, CancellationToken ct)
    {
        try
        {
            return await File.ReadAllTextAsync(file.FullName, ct);
        }
        catch (IOException e)
        {
            throw new CliException(ExitCodes.BadInput, $"--file {file.FullName}: {e.Message}", "Pass a readable YAML or JSON settings file.", e);
        }
    }

    private static async Task<int> WriteAsync<T>(ParseResult parse, RunTargetOptions target, T value, string text)
    {
        await parse.InvocationConfiguration.Output.WriteLineAsync(parse.GetValue(target.Json) ? JsonSerializer.Serialize(value, LabJson.Options) : text);
        return ExitCodes.Ok;
    }

    private static string StepLine(StepRunRecord s) =>
        $"  {s.Step,-16} {s.Status,-10} {s.Outcome ?? s.Error}{(s.Fix is null ? "" : $" (fix: {s.Fix})")}";

    private static string EventLine(RunEvent e) => e.Kind switch
    {
        RunEventKind.Throughput when e.Sample is { } s =>
            $"{e.Sequence,6} throughput port {s.Port}: rx {s.RxPps:N0} pps {s.RxBps / 1e6:F1} Mbit/s, tx {s.TxPps:N0} pps {s.TxBps / 1e6:F1} Mbit/s",
        _ => $"{e.Sequence,6} {e.At:HH:mm:ss} {e.Step?.ToString() ?? "run",-16} {e.Text}",
    };

    private static string Seconds(TimeSpan? duration) =>
        duration is { } d ? d.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s" : "-";
}
