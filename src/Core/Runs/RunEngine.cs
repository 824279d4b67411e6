using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Labs.Changes;
using VirtSriov.Core.Runs.Events;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Telemetry;

namespace VirtSriov.Core.Runs;

/// <summary>
/// Drives runs step by step. Work is serialised per run, owned by the engine (a browser that goes away does not
/// stop an Apply), and every state change is stored and published as a numbered event.
/// </summary>
public sealed partial class RunEngine : IRunEngine, IAsyncDisposable
{
    private readonly Dictionary<RunProfile, IReadOnlyList<IRunStep>> _steps;
    private readonly IRunStore _runs;
    private readonly RunGatingRules _gating;
    private readonly ILabStore _labs;
    private readonly LabEnvironmentCache _environments;
    private readonly RunEventPublisher _events;
    private readonly IReadOnlyList<IRunSettingsCheck> _checks;
    private readonly TimeProvider _time;
    private readonly ILogger<RunEngine> _logger;
    private readonly IChangeJournal? _changes;
    private readonly ConcurrentDictionary<Guid, RunGate> _gates = new();
    private readonly ConcurrentDictionary<Task, byte> _work = new();
    private readonly SemaphoreSlim _activation = new(1, 1);
    private readonly CancellationTokenSource _shutdown = new();
    private int _disposed;

    public RunEngine(
        IEnumerable<IRunStep> steps,
        IRunStore runs,
        ILabStore labs,
        LabEnvironmentCache environments,
        RunEventPublisher events,
        IEnumerable<IRunSettingsCheck> checks,
        TimeProvider time,
        ILogger<RunEngine> logger,
        IChangeJournal? changes = null)
    {
        var all = steps.ToList();
        var general = all.Where(s => s is not IProfileStep).ToDictionary(s => s.Kind);
        var missing = Enum.GetValues<StepKind>().Where(k => !general.ContainsKey(k)).ToList();
        if (missing.Count > 0)
        {
            throw new ArgumentException($"No implementation for steps: {string.Join(", ", missing)}.", nameof(steps));
        }

        _steps = Enum.GetValues<RunProfile>().ToDictionary(
            profile => profile,
            profile => (IReadOnlyList<IRunStep>)[.. profile.Steps().Select(kind =>
                all.OfType<IProfileStep>().SingleOrDefault(s => s.Profile == profile && s.Kind == kind) ?? general[kind])]);
        _runs = runs;
        _gating = new RunGatingRules(runs, labs);
        _labs = labs;
        _environments = environments;
        _events = events;
        _checks = [.. checks];
        _time = time;
        _logger = logger;
        _changes = changes;
    }

    public IReadOnlyList<IRunStep> StepsOf(RunProfile profile) => _steps[profile];

    public async Task<Guid> CreateRunAsync(Guid labId, RunSettings settings, CancellationToken cancellationToken)
    {
        // Every error at once: the settings' own shape, then (unless a value is missing) the lab's view of the fields
        // the shape check found sound, so the operator fixes all in one round.
        var lab = await _labs.GetAsync(labId, cancellationToken).ConfigureAwait(false);
        var invalid = RunSettingsValidator.Validate(settings, simulatedLab: lab?.IsSimulated ?? true).ToList();
        if (lab is null)
        {
            invalid.Add(new FieldError("LabId", "This lab does not exist (any more): pick a lab from the list."));
            throw new RunSettingsException(invalid);
        }

        if (RunSettingsValidator.HasMissingFields(settings))
        {
            throw new RunSettingsException(invalid);
        }

        var environment = await _environments.GetAsync(lab, cancellationToken).ConfigureAwait(false);
        var shapeFields = invalid.Select(e => e.Field).ToHashSet(StringComparer.Ordinal);
        var errors = invalid.Concat(CheckAgainstLab(settings, environment).Where(e => !shapeFields.Contains(e.Field))).Take(RunSettingsValidator.MaxErrors + 1).ToList();
        if (errors.Count > 0)
        {
            throw new RunSettingsException(errors);
        }

        await _activation.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _gating.EnsureNoOtherActiveRunAsync(lab, null, cancellationToken).ConfigureAwait(false);
            var run = await _runs.CreateAsync(labId, settings, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            await _events.OpenAsync(run.Id, cancellationToken).ConfigureAwait(false);
            var simulated = lab.IsSimulated ? " (simulated lab)" : "";
            _events.Publish(run.Id, RunEventKind.RunStatusChanged, null, $"Run created on lab '{lab.Name}'{simulated}, profile {settings.RunProfile.DisplayName()}: {string.Join(", ", settings.RunProfile.Steps().Select(k => k.DisplayName()))}.", runStatus: RunStatus.Active);
            await _events.FlushAsync(cancellationToken).ConfigureAwait(false);
            return run.Id;
        }
        finally
        {
            _activation.Release();
        }
    }

    /// <summary>The settings against the lab (PF, VF budget); a lab whose host cannot be read is a refusal naming the lab.</summary>
    private List<FieldError> CheckAgainstLab(RunSettings settings, ILabEnvironment environment)
    {
        try
        {
            return [.. _checks.SelectMany(c => c.Check(settings, environment)).Take(RunSettingsValidator.MaxErrors + 1)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException)
        {
            throw new ActionableException(
                $"Lab '{environment.Lab.Name}' could not be read to check the settings: {e.GetType().Name}: {e.Message}",
                $"Check the lab's sysfs root ({environment.Lab.SysfsRoot}) on the Labs page.",
                field: "LabId",
                inner: e);
        }
    }

    public Task<IReadOnlyList<StepFinding>> InspectAsync(Guid runId, StepKind step, CancellationToken cancellationToken) =>
        UnderGateAsync(runId, async () =>
        {
            var (run, context, implementation) = await PrepareAsync(runId, step, cancellationToken).ConfigureAwait(false);
            var findings = await implementation.InspectAsync(context, cancellationToken).ConfigureAwait(false);
            var record = run.Step(step);
            await SaveStepAsync(runId, record with
            {
                Findings = findings,
                Status = record.Status == StepStatus.Succeeded ? StepStatus.Succeeded : StepStatus.Inspected,
            }, DescribeFindings(findings), cancellationToken).ConfigureAwait(false);
            return findings;
        }, cancellationToken);

    public Task<StepPlan> PlanAsync(Guid runId, StepKind step, CancellationToken cancellationToken) =>
        UnderGateAsync(runId, async () =>
        {
            var (run, context, implementation) = await PrepareAsync(runId, step, cancellationToken).ConfigureAwait(false);
            var plan = await implementation.PlanAsync(context, cancellationToken).ConfigureAwait(false);
            var record = run.Step(step);
            await _runs.SaveArtifactsAsync(runId, step, plan.Artifacts, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            await SaveStepAsync(runId, record with
            {
                Plan = plan,
                Status = record.Status == StepStatus.Succeeded ? StepStatus.Succeeded : StepStatus.Planned,
            }, "Planned: " + plan.Summary, cancellationToken).ConfigureAwait(false);
            return plan;
        }, cancellationToken);

    public Task<StepRunRecord> ApplyAsync(Guid runId, StepKind step, CancellationToken cancellationToken) =>
        DriveAsync(runId, () => ApplyDrivenAsync(runId, step, cancellationToken));

    private Task<StepRunRecord> ApplyDrivenAsync(Guid runId, StepKind step, CancellationToken cancellationToken) =>
        RunOwnedAsync<StepRunRecord>(runId, async () =>
        {
            var (run, context, implementation) = await PrepareAsync(runId, step, cancellationToken).ConfigureAwait(false);
            RunGatingRules.EnsurePreviousStepsSucceeded(run, step);
            return cancel => ApplyStepAsync(run, context, implementation, cancel);
        }, cancellationToken);

    public Task<RunRecord> TeardownAsync(Guid runId, TeardownOptions options, CancellationToken cancellationToken) =>
        DriveAsync(runId, () => RunOwnedAsync<RunRecord>(runId, async () =>
        {
            var run = await GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
            var lab = await _labs.GetAsync(run.LabId, cancellationToken).ConfigureAwait(false)
                ?? throw new ActionableException("The run's lab no longer exists.", "Remove what the run created by hand; the run's artifacts list it.");
            await _gating.EnsureNoOtherActiveRunAsync(lab, run.Id, cancellationToken).ConfigureAwait(false);
            var environment = await _environments.GetAsync(lab, cancellationToken).ConfigureAwait(false);
            await _events.OpenAsync(runId, cancellationToken).ConfigureAwait(false);
            return cancel => TeardownStepsAsync(run, environment, options, cancel);
        }, cancellationToken));

    public Task<RunRecord> RunRemainingAsync(Guid runId, CancellationToken cancellationToken) =>
        DriveAsync(runId, () => RunRemainingDrivenAsync(runId, cancellationToken));

    private async Task<RunRecord> RunRemainingDrivenAsync(Guid runId, CancellationToken cancellationToken)
    {
        var run = await GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        while (run.NextStep is { } next)
        {
            var result = await ApplyDrivenAsync(runId, next, cancellationToken).ConfigureAwait(false);
            run = await GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
            if (result.Status != StepStatus.Succeeded)
            {
                break;
            }
        }

        return run;
    }

    public async Task CancelAsync(Guid runId)
    {
        if (_gates.TryGetValue(runId, out var gate) && gate.Current is { } current)
        {
            await _events.OpenAsync(runId, CancellationToken.None).ConfigureAwait(false);
            _events.Publish(runId, RunEventKind.Log, null, "Cancel requested by the operator.", RunLogLevel.Warning);
            await current.CancelAsync().ConfigureAwait(false);
        }
    }

    public async Task ResumeAsync(Guid runId, CancellationToken cancellationToken)
    {
        await _activation.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var run = await GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
            if (run.Teardown == RunTeardown.Failed)
            {
                throw new ActionableException(
                    "The run's teardown failed part-way; resuming its setup would rebuild on half-removed state.",
                    "Fix the cause the failed step names, then tear the run down again.");
            }

            if (run.Teardown is null && run.Status is not (RunStatus.Interrupted or RunStatus.Failed or RunStatus.Cancelled))
            {
                throw new ActionableException($"The run is {run.Status}; only an interrupted, failed, cancelled or torn-down run can be resumed.", "Open the run to continue it, or start a new run.");
            }

            await ActivateAsync(run, run.Teardown is null ? "Resumed" : "Rebuilding after teardown", cancellationToken).ConfigureAwait(false);
            await _runs.SetTeardownAsync(runId, null, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _activation.Release();
        }
    }

    public async Task AbandonAsync(Guid runId, CancellationToken cancellationToken)
    {
        await CancelAsync(runId).ConfigureAwait(false);
        await UnderGateAsync(runId, async () =>
        {
            var run = await GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
            if (run.Status == RunStatus.Succeeded)
            {
                throw new ActionableException("The run has already succeeded.", "Nothing to abandon.");
            }

            await SetRunStatusAsync(runId, RunStatus.Cancelled, "Run abandoned by the operator; nothing was undone.", cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>At start: runs that were active (or mid-step) when the process stopped become Interrupted, with an event saying so.</summary>
    public async Task RecoverAsync(InterruptScope scope, CancellationToken cancellationToken)
    {
        var interrupted = await _runs.InterruptUnfinishedAsync(_time.GetUtcNow(), scope, cancellationToken).ConfigureAwait(false);
        foreach (var runId in interrupted)
        {
            var run = await GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
            await _events.OpenAsync(runId, cancellationToken).ConfigureAwait(false);
            _events.Publish(runId, RunEventKind.RunStatusChanged, null,
                $"The dashboard stopped while this run was active. Resume it to continue from step {run.NextStep}.",
                RunLogLevel.Warning, runStatus: RunStatus.Interrupted);
            await ReportUnfinishedChangesAsync(run, cancellationToken).ConfigureAwait(false);
            LogInterrupted(runId);
        }

        await _events.FlushAsync(cancellationToken).ConfigureAwait(false);
        await OpenLabsOfAsync(interrupted, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Changes whose intent was recorded but not their result: made or not, nobody knows; the run's log says so.</summary>
    private async Task ReportUnfinishedChangesAsync(RunRecord run, CancellationToken cancellationToken)
    {
        if (_changes is null)
        {
            return;
        }

        foreach (var change in await _changes.TakeUnfinishedAsync(run.LabId, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            _events.Publish(run.Id, RunEventKind.Log, null,
                $"While the dashboard was down: {change.Change} (begun {change.At:u}) may or may not have happened; resuming re-reads the lab before changing it again.",
                RunLogLevel.Warning);
        }
    }

    /// <summary>Opens the labs of interrupted runs now, so what those runs left running there is stopped at start.</summary>
    private async Task OpenLabsOfAsync(IReadOnlyList<Guid> runIds, CancellationToken cancellationToken)
    {
        var labIds = new HashSet<Guid>();
        foreach (var runId in runIds)
        {
            if (await _runs.GetAsync(runId, cancellationToken).ConfigureAwait(false) is { } run && labIds.Add(run.LabId)
                && await _labs.GetAsync(run.LabId, cancellationToken).ConfigureAwait(false) is { Kind: not LabKind.EmulatedHardware } lab)
            {
                try
                {
                    await _environments.GetAsync(lab, cancellationToken).ConfigureAwait(false);
                }
                catch (ActionableException e)
                {
                    LogLabNotOpened(lab.Name, e.Message);
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Registered as itself and as IRunEngine, so the container may dispose it twice.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _shutdown.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_work.Keys).WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _shutdown.Dispose();
        _activation.Dispose();
    }

    /// <summary>
    /// Lets one caller at a time drive a run (apply, run the remaining steps, tear down): a second caller is refused
    /// with "already running" instead of queueing behind the first and applying every step again, and so is a caller
    /// that comes while work a previous caller started (and stopped waiting for) still runs.
    /// </summary>
    private async Task<T> DriveAsync<T>(Guid runId, Func<Task<T>> drive)
    {
        var gate = _gates.GetOrAdd(runId, _ => new RunGate());
        var driver = new object();
        if (!gate.TryDrive(driver))
        {
            throw AlreadyRunning(runId);
        }

        try
        {
            if (gate.Current is not null)
            {
                throw AlreadyRunning(runId);
            }

            return await drive().ConfigureAwait(false);
        }
        finally
        {
            gate.StopDriving(driver);
        }
    }

    private static ActionableException AlreadyRunning(Guid runId) => new(
        $"Run {runId} is already running: another caller is applying or tearing down its steps.",
        "Follow the run's log until it finishes, then act again; or cancel it.");

    /// <summary>
    /// Runs work that belongs to the engine under the run's gate: <paramref name="prepare"/> checks and loads with the
    /// caller's token; the work it returns runs to its end with the engine's token (cancelled by CancelAsync or
    /// shutdown), whatever happens to the caller, whose token only stops its own wait.
    /// </summary>
    private async Task<T> RunOwnedAsync<T>(Guid runId, Func<Task<Func<CancellationTokenSource, Task<T>>>> prepare, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(runId, _ => new RunGate());
        await gate.Lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        Task<T> work;
        try
        {
            var body = await prepare().ConfigureAwait(false);
            work = Task.Run(async () =>
            {
                using var cancel = CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token);
                gate.Current = cancel;
                try
                {
                    return await body(cancel).ConfigureAwait(false);
                }
                finally
                {
                    gate.Current = null;
                    gate.Lock.Release();
                }
            }, CancellationToken.None);
        }
        catch
        {
            gate.Lock.Release();
            throw;
        }

        _work.TryAdd(work, 0);
        _ = work.ContinueWith(t => _work.TryRemove(t, out _), TaskScheduler.Default);
        return await work.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<RunRecord> TeardownStepsAsync(RunRecord run, ILabEnvironment environment, TeardownOptions options, CancellationTokenSource cancel)
    {
        _events.Publish(run.Id, RunEventKind.Log, null, "Teardown: removing what the run created, last step first.", RunLogLevel.Warning);
        foreach (var step in StepsOf(run.Settings.RunProfile).Reverse())
        {
            var record = run.Step(step.Kind);
            if (step is not IStepTeardown teardown || record.Status is StepStatus.Pending or StepStatus.TornDown)
            {
                continue;
            }

            var recorded = await RecordedArtifactsAsync(run.Id, step.Kind, cancel.Token).ConfigureAwait(false);
            var context = new StepContext(run.Id, run.Settings, environment, new RunStepLog(_events, run.Id, step.Kind), _time, recorded, options);
            var result = await TeardownStepAsync(record, teardown, context, cancel.Token).ConfigureAwait(false);
            await SaveStepAsync(run.Id, result, DescribeOutcome(result), CancellationToken.None).ConfigureAwait(false);
            if (result.Status != StepStatus.TornDown)
            {
                await SetTeardownAsync(run, RunTeardown.Failed, $"Teardown stopped at step {step.Kind}; fix the cause and tear down again.").ConfigureAwait(false);
                await _events.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                return await GetRunAsync(run.Id, CancellationToken.None).ConfigureAwait(false);
            }
        }

        await SetTeardownAsync(run, RunTeardown.TornDown, "Teardown finished: what the run created is removed.").ConfigureAwait(false);
        await _events.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        return await GetRunAsync(run.Id, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<PlanArtifact>> RecordedArtifactsAsync(Guid runId, StepKind step, CancellationToken cancellationToken)
    {
        var recorded = new List<PlanArtifact>();
        foreach (var info in (await _runs.ListArtifactsAsync(runId, cancellationToken).ConfigureAwait(false)).Where(a => a.Step == step))
        {
            if (await _runs.GetArtifactAsync(info.Id, cancellationToken).ConfigureAwait(false) is { } artifact)
            {
                recorded.Add(artifact);
            }
        }

        return recorded;
    }

    private async Task<StepRunRecord> TeardownStepAsync(StepRunRecord record, IStepTeardown teardown, StepContext context, CancellationToken cancellationToken)
    {
        record = record with { StartedAt = _time.GetUtcNow(), Error = null, Fix = null, FailedCall = null };
        using var activity = RunTelemetry.StartStep(context.RunId, record.Step, "teardown");
        var started = _time.GetTimestamp();
        try
        {
            var outcome = await teardown.TeardownAsync(context, cancellationToken).ConfigureAwait(false);
            record = record with { Status = StepStatus.TornDown, Outcome = outcome.Summary, Changed = outcome.Changed, FinishedAt = _time.GetUtcNow() };
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            record = Failed(record, e, "Teardown", cancellationToken.IsCancellationRequested) with { FinishedAt = _time.GetUtcNow() };
        }

        RunTelemetry.StepFinished(record.Step, "teardown", record.Status, _time.GetElapsedTime(started), activity);
        return record;
    }

    private async Task<StepRunRecord> ApplyStepAsync(RunRecord run, StepContext context, IRunStep step, CancellationTokenSource cancel)
    {
        var token = cancel.Token;
        var record = run.Step(step.Kind) with { StartedAt = _time.GetUtcNow(), FinishedAt = null, Error = null, Fix = null, FailedCall = null, Outcome = null, Changed = null };
        using var activity = RunTelemetry.StartStep(run.Id, step.Kind, "apply");
        var started = _time.GetTimestamp();
        try
        {
            var findings = await step.InspectAsync(context, token).ConfigureAwait(false);
            record = record with { Findings = findings };
            RunGatingRules.EnsureNothingBlocks(findings);

            var plan = record.Plan is not null && record.Status is StepStatus.Planned or StepStatus.Failed or StepStatus.Interrupted or StepStatus.Cancelled
                ? record.Plan
                : await step.PlanAsync(context, token).ConfigureAwait(false);
            record = record with { Plan = plan, Status = StepStatus.Applying };
            await _runs.SaveArtifactsAsync(run.Id, step.Kind, plan.Artifacts, _time.GetUtcNow(), token).ConfigureAwait(false);
            await SaveStepAsync(run.Id, record, "Applying: " + plan.Summary, token).ConfigureAwait(false);

            var outcome = await step.ApplyAsync(context, plan, token).ConfigureAwait(false);
            if (outcome.Artifacts is { Count: > 0 } produced)
            {
                await _runs.SaveArtifactsAsync(run.Id, step.Kind, produced, _time.GetUtcNow(), token).ConfigureAwait(false);
            }

            record = record with { Status = StepStatus.Succeeded, Outcome = outcome.Summary, Changed = outcome.Changed };
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            record = Failed(record, e, "Apply", token.IsCancellationRequested);
        }

        record = record with { FinishedAt = _time.GetUtcNow() };
        RunTelemetry.StepFinished(step.Kind, "apply", record.Status, _time.GetElapsedTime(started), activity);
        await SaveStepAsync(run.Id, record, DescribeOutcome(record), CancellationToken.None).ConfigureAwait(false);
        await UpdateRunAfterStepAsync(run, record).ConfigureAwait(false);
        await _events.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        return record;
    }

    /// <summary>The step record for an exception: cancelled, interrupted by shutdown, or failed with its fix.</summary>
    private StepRunRecord Failed(StepRunRecord record, Exception exception, string verb, bool cancelRequested)
    {
        switch (exception)
        {
            case OperationCanceledException when cancelRequested && _shutdown.IsCancellationRequested:
                return record with { Status = StepStatus.Interrupted, Error = "The dashboard shut down during this step.", Fix = $"Resume the run to {verb.ToLowerInvariant()} the step again." };
            case OperationCanceledException when cancelRequested:
                return record with { Status = StepStatus.Cancelled, Error = "Cancelled by the operator.", Fix = $"{verb} the step again when ready; it is idempotent." };
            case ActionableException actionable:
                return record with { Status = StepStatus.Failed, Error = actionable.Message, Fix = actionable.Fix, FailedCall = actionable.FailedCall };
            default:
                LogStepCrashed(exception, record.Step, verb);
                return record with
                {
                    Status = StepStatus.Failed,
                    Error = $"{exception.GetType().Name}: {exception.Message}",
                    Fix = $"Read the log above, fix the cause, then {verb.ToLowerInvariant()} the step again; the run stays resumable.",
                };
        }
    }

    private async Task UpdateRunAfterStepAsync(RunRecord run, StepRunRecord record)
    {
        switch (record.Status)
        {
            case StepStatus.Succeeded when record.Step == run.Settings.RunProfile.Steps()[^1]:
                await SetRunStatusAsync(run.Id, RunStatus.Succeeded, "All steps succeeded.", CancellationToken.None).ConfigureAwait(false);
                break;
            case StepStatus.Failed:
                await SetRunStatusAsync(run.Id, RunStatus.Failed, $"Step {record.Step.DisplayName()} failed; fix the cause and apply it again.", CancellationToken.None).ConfigureAwait(false);
                break;
            case StepStatus.Interrupted:
                await SetRunStatusAsync(run.Id, RunStatus.Interrupted, "Interrupted by shutdown; resume to continue.", CancellationToken.None).ConfigureAwait(false);
                break;
            default:
                break;
        }
    }

    private async Task<(RunRecord Run, StepContext Context, IRunStep Step)> PrepareAsync(Guid runId, StepKind step, CancellationToken cancellationToken)
    {
        var run = await GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        if (run.Status == RunStatus.Failed)
        {
            run = await ReactivateFailedAsync(run, cancellationToken).ConfigureAwait(false);
        }

        if (run.Status != RunStatus.Active)
        {
            throw new ActionableException(
                $"The run is {run.Status}.",
                run.Status == RunStatus.Succeeded ? "Start a new run to change the lab." : "Resume the run first.");
        }

        var lab = await _labs.GetAsync(run.LabId, cancellationToken).ConfigureAwait(false)
            ?? throw new ActionableException("The run's lab no longer exists.", "Start a new run on an existing lab.");
        var implementation = StepsOf(run.Settings.RunProfile).FirstOrDefault(s => s.Kind == step)
            ?? throw RunGatingRules.NotInProfile(run.Settings.RunProfile, step);
        var environment = await _environments.GetAsync(lab, cancellationToken).ConfigureAwait(false);
        await _events.OpenAsync(runId, cancellationToken).ConfigureAwait(false);
        var context = new StepContext(runId, run.Settings, environment, new RunStepLog(_events, runId, step), _time);
        return (run, context, implementation);
    }

    /// <summary>Retrying a step of a failed run makes the run active again, as long as its lab has no other active run.</summary>
    private async Task<RunRecord> ReactivateFailedAsync(RunRecord run, CancellationToken cancellationToken)
    {
        await _activation.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await ActivateAsync(run, "Retrying", cancellationToken).ConfigureAwait(false);
            return await GetRunAsync(run.Id, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _activation.Release();
        }
    }

    private async Task ActivateAsync(RunRecord run, string verb, CancellationToken cancellationToken)
    {
        var lab = await _labs.GetAsync(run.LabId, cancellationToken).ConfigureAwait(false)
            ?? throw new ActionableException("The run's lab no longer exists.", "Start a new run on an existing lab.");
        await _gating.EnsureNoOtherActiveRunAsync(lab, run.Id, cancellationToken).ConfigureAwait(false);
        await SetRunStatusAsync(run.Id, RunStatus.Active, $"{verb}; next step: {run.NextStep}.", cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> UnderGateAsync<T>(Guid runId, Func<Task<T>> action, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(runId, _ => new RunGate());
        await gate.Lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await action().ConfigureAwait(false);
        }
        finally
        {
            gate.Lock.Release();
        }
    }

    private async Task<RunRecord> GetRunAsync(Guid runId, CancellationToken cancellationToken) =>
        await _runs.GetAsync(runId, cancellationToken).ConfigureAwait(false)
        ?? throw new ActionableException($"No run {runId}.", "Pick a run from the history.");

    private async Task SaveStepAsync(Guid runId, StepRunRecord record, string text, CancellationToken cancellationToken)
    {
        await _runs.SaveStepAsync(runId, record, cancellationToken).ConfigureAwait(false);
        var level = record.Status switch
        {
            StepStatus.Failed => RunLogLevel.Error,
            StepStatus.Cancelled or StepStatus.Interrupted => RunLogLevel.Warning,
            _ => RunLogLevel.Info,
        };
        _events.Publish(runId, RunEventKind.StepStatusChanged, record.Step, text, level, stepStatus: record.Status);
    }

    /// <summary>The run keeps its status (a succeeded run stays succeeded); the teardown's end is recorded beside it.</summary>
    private async Task SetTeardownAsync(RunRecord run, RunTeardown teardown, string text)
    {
        await _runs.SetTeardownAsync(run.Id, teardown, CancellationToken.None).ConfigureAwait(false);
        _events.Publish(run.Id, RunEventKind.RunStatusChanged, null, text, teardown == RunTeardown.Failed ? RunLogLevel.Error : RunLogLevel.Info, runStatus: run.Status);
    }

    private async Task SetRunStatusAsync(Guid runId, RunStatus status, string text, CancellationToken cancellationToken)
    {
        await _runs.SetStatusAsync(runId, status, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        await _events.OpenAsync(runId, cancellationToken).ConfigureAwait(false);
        _events.Publish(runId, RunEventKind.RunStatusChanged, null, text, runStatus: status);
    }

    private static string DescribeFindings(IReadOnlyList<StepFinding> findings)
    {
        var errors = findings.Count(f => f.Severity == FindingSeverity.Error);
        var warnings = findings.Count(f => f.Severity == FindingSeverity.Warning);
        return $"Inspected: {findings.Count} findings, {errors} blocking, {warnings} warnings.";
    }

    private static string DescribeOutcome(StepRunRecord record) => record.Status switch
    {
        StepStatus.Succeeded => (record.Changed == true ? "Succeeded: " : "Succeeded, nothing to change: ") + record.Outcome,
        StepStatus.TornDown => "Torn down: " + record.Outcome,
        _ => $"{record.Status}: {record.Error} Fix: {record.Fix}" + (record.FailedCall is null ? "" : $" (failed call: {record.FailedCall})"),
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "{Verb} of step {Step} failed with an unexpected exception")]
    private partial void LogStepCrashed(Exception exception, StepKind step, string verb);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lab {Lab} could not be opened at start to stop what interrupted runs left: {Reason}")]
    private partial void LogLabNotOpened(string lab, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} was active when the dashboard stopped; marked interrupted")]
    private partial void LogInterrupted(Guid runId);

    private sealed class RunGate
    {
        public SemaphoreSlim Lock { get; } = new(1, 1);

        public volatile CancellationTokenSource? Current;

        private object? _driver;

        public bool TryDrive(object driver) => Interlocked.CompareExchange(ref _driver, driver, null) is null;

        public void StopDriving(object driver) => Interlocked.CompareExchange(ref _driver, null, driver);
    }
}
