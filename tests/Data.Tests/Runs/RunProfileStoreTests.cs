using Microsoft.EntityFrameworkCore;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Steps;

namespace VirtSriov.Data.Tests.Runs;

/// <summary>The run profile is stored with the settings: runs stored before profiles existed read as Full.</summary>
public sealed class RunProfileStoreTests
{
    [Fact]
    public async Task GetAndQuery_RowStoredBeforeProfiles_ReadAsFullWithSevenSteps()
    {
        await using var database = await TestDatabase.CreateAsync();
        var run = await database.CreateRunAsync((await database.AddLabAsync()).Id);
        await using (var db = await database.CreateContextAsync())
        {
            // The settings JSON as stored before RunProfile existed.
            await db.Runs.Where(r => r.Id == run.Id).ExecuteUpdateAsync(u => u.SetProperty(r => r.SettingsJson, """{"pfAddress":"0000:3b:00.0","vfCount":2}"""), database.Token);
        }

        var fetched = await database.Runs.GetAsync(run.Id, database.Token);
        var summary = Assert.Single((await database.Runs.QueryAsync(new RunQuery(), database.Token)).Items);

        Assert.Equal(RunProfile.Full, fetched!.Settings.RunProfile);
        Assert.Equal(Enum.GetValues<StepKind>(), fetched.Steps.Select(s => s.Step));
        Assert.Equal(7, summary.StepCount);
    }

    [Fact]
    public async Task CreateAsync_HypervisorOnly_KeepsTheProfileAndListsOnlyItsSteps()
    {
        await using var database = await TestDatabase.CreateAsync();
        var lab = await database.AddLabAsync();
        var settings = new RunSettings { PfAddress = "0000:3b:00.0", RunProfile = RunProfile.HypervisorOnly, Workers = ["virtsriov-worker-0"] };

        var created = await database.Runs.CreateAsync(lab.Id, settings, database.Time.GetUtcNow(), database.Token);
        await database.Runs.SaveStepAsync(created.Id, StepRunRecord.Pending(StepKind.Preflight) with { Status = StepStatus.Succeeded }, database.Token);
        var fetched = await database.Runs.GetAsync(created.Id, database.Token);
        var summary = Assert.Single((await database.Runs.QueryAsync(new RunQuery(), database.Token)).Items);

        Assert.Equal(RunProfile.HypervisorOnly, fetched!.Settings.RunProfile);
        Assert.Equal([StepKind.Preflight, StepKind.VirtualFunctions, StepKind.WorkerVms, StepKind.DpdkTest], fetched.Steps.Select(s => s.Step));
        Assert.Equal(StepKind.VirtualFunctions, fetched.NextStep);
        Assert.Equal((1, 4), (summary.StepsSucceeded, summary.StepCount));
    }
}
