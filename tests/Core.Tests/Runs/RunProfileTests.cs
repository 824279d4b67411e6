using VirtSriov.Core.Runs;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Tests.Runs;

/// <summary>The "Hypervisor only" profile: its steps, their gating, the run's end and teardown, and its own DPDK test.</summary>
public sealed class RunProfileTests
{
    private static readonly RunSettings HypervisorOnly = EngineHarness.Settings with { RunProfile = RunProfile.HypervisorOnly };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunRemainingAsync_HypervisorOnly_AppliesItsFourStepsWithItsOwnDpdkTestAndRunSucceeds()
    {
        await using var h = new EngineHarness();
        var runId = await h.Engine.CreateRunAsync(h.Lab.Id, HypervisorOnly, Ct);

        var run = await h.Engine.RunRemainingAsync(runId, Ct);

        Assert.Equal(RunStatus.Succeeded, run.Status);
        var applying = (await h.Events.ReadAsync(runId, 0, 10_000, Ct)).Where(e => e.StepStatus == StepStatus.Applying).Select(e => e.Step!.Value);
        Assert.Equal([StepKind.Preflight, StepKind.VirtualFunctions, StepKind.WorkerVms, StepKind.DpdkTest], applying);
        Assert.Equal([StepKind.Preflight, StepKind.VirtualFunctions, StepKind.WorkerVms, StepKind.DpdkTest], run.Steps.Select(s => s.Step));
        Assert.Equal(1, h.WorkerDpdkTest.ApplyCalls);
        Assert.Equal(0, h.Steps[StepKind.DpdkTest].ApplyCalls);
        Assert.Equal(0, h.Steps[StepKind.Cluster].ApplyCalls + h.Steps[StepKind.NodeTuning].ApplyCalls + h.Steps[StepKind.DevicePlugin].ApplyCalls);
    }

    [Fact]
    public async Task ApplyAsync_HypervisorOnly_WorkerVmsNeedsOnlyPreflightAndVirtualFunctions()
    {
        await using var h = new EngineHarness();
        var runId = await h.Engine.CreateRunAsync(h.Lab.Id, HypervisorOnly, Ct);
        await h.Engine.ApplyAsync(runId, StepKind.Preflight, Ct);
        await h.Engine.ApplyAsync(runId, StepKind.VirtualFunctions, Ct);

        var workers = await h.Engine.ApplyAsync(runId, StepKind.WorkerVms, Ct);

        Assert.Equal(StepStatus.Succeeded, workers.Status);
        Assert.Equal(StepKind.DpdkTest, (await h.Runs.GetAsync(runId, Ct))!.NextStep);
    }

    [Theory]
    [InlineData(StepKind.Cluster)]
    [InlineData(StepKind.NodeTuning)]
    [InlineData(StepKind.DevicePlugin)]
    public async Task InspectAsync_HypervisorOnlyClusterStep_IsRefusedNamingTheProfile(StepKind step)
    {
        await using var h = new EngineHarness();
        var runId = await h.Engine.CreateRunAsync(h.Lab.Id, HypervisorOnly, Ct);

        var error = await Assert.ThrowsAsync<ActionableException>(() => h.Engine.InspectAsync(runId, step, Ct));

        Assert.Contains("Hypervisor only", error.Message, StringComparison.Ordinal);
        Assert.Contains("Worker VMs", error.Message, StringComparison.Ordinal);
        Assert.Empty(h.Steps[step].Findings);
    }

    [Fact]
    public async Task TeardownAsync_HypervisorOnly_TearsDownItsStepsLastFirst()
    {
        await using var h = new EngineHarness();
        var runId = await h.Engine.CreateRunAsync(h.Lab.Id, HypervisorOnly, Ct);
        await h.Engine.RunRemainingAsync(runId, Ct);

        var run = await h.Engine.TeardownAsync(runId, TeardownOptions.KeepCluster, Ct);

        Assert.Equal(RunTeardown.TornDown, run.Teardown);
        Assert.Equal([StepKind.DpdkTest, StepKind.WorkerVms, StepKind.VirtualFunctions, StepKind.Preflight], h.TeardownOrder);
    }

    [Fact]
    public async Task StepsOf_EachProfile_ListsItsStepsWithTheProfilesImplementation()
    {
        await using var h = new EngineHarness();

        var full = h.Engine.StepsOf(RunProfile.Full);
        var hypervisor = h.Engine.StepsOf(RunProfile.HypervisorOnly);

        Assert.Equal(Enum.GetValues<StepKind>(), full.Select(s => s.Kind));
        Assert.Same(h.Steps[StepKind.DpdkTest], full[^1]);
        Assert.Equal([StepKind.Preflight, StepKind.VirtualFunctions, StepKind.WorkerVms, StepKind.DpdkTest], hypervisor.Select(s => s.Kind));
        Assert.IsAssignableFrom<IProfileStep>(hypervisor[^1]);
    }
}

/// <summary>The profile as a setting: validated like the others, and what it changes in the other settings' rules.</summary>
public sealed class RunProfileSettingsTests
{
    [Fact]
    public void Validate_UndefinedProfile_IsRefusedNamingTheChoices()
    {
        var errors = RunSettingsValidator.Validate(new RunSettings { PfAddress = "0000:3b:00.0", RunProfile = (RunProfile)7 }, simulatedLab: true);

        var error = Assert.Single(errors);
        Assert.Equal(nameof(RunSettings.RunProfile), error.Field);
        Assert.Contains("HypervisorOnly", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_HypervisorOnlyOnARealLab_NeedsNoPinnedPodImage()
    {
        var full = RunSettingsValidator.Validate(new RunSettings { PfAddress = "0000:3b:00.0" }, simulatedLab: false);
        var hypervisorOnly = RunSettingsValidator.Validate(new RunSettings { PfAddress = "0000:3b:00.0", RunProfile = RunProfile.HypervisorOnly }, simulatedLab: false);

        Assert.Contains(full, e => e.Field == nameof(RunSettings.TestpmdImage));
        Assert.Empty(hypervisorOnly);
    }

    [Fact]
    public void Validate_HypervisorOnlyWithKcliDeploy_IsRefusedOnThatField()
    {
        var errors = RunSettingsValidator.Validate(
            new RunSettings { PfAddress = "0000:3b:00.0", RunProfile = RunProfile.HypervisorOnly, DeployClusterWithKcli = true }, simulatedLab: true);

        Assert.Equal(nameof(RunSettings.DeployClusterWithKcli), Assert.Single(errors).Field);
    }

    [Fact]
    public void Json_SettingsStoredBeforeProfiles_ReadAsFull_AndTheProfileRoundTrips()
    {
        var old = System.Text.Json.JsonSerializer.Deserialize<RunSettings>("""{"pfAddress":"0000:3b:00.0","vfCount":2}""", RunJson.Options)!;
        var json = System.Text.Json.JsonSerializer.Serialize(new RunSettings { RunProfile = RunProfile.HypervisorOnly }, RunJson.Options);

        Assert.Equal(RunProfile.Full, old.RunProfile);
        Assert.Contains("\"runProfile\":\"HypervisorOnly\"", json, StringComparison.Ordinal);
        Assert.Equal(RunProfile.HypervisorOnly, System.Text.Json.JsonSerializer.Deserialize<RunSettings>(json, RunJson.Options)!.RunProfile);
    }
}
