using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VirtSriov.Core.Labs.Changes;

namespace VirtSriov.Data.Tests.Labs;

public sealed class ChangeJournalTests
{
    private const string Write = "write 1 to /sys/bus/pci/drivers_probe";

    [Fact]
    public async Task Record_WhileTheChangeIsMade_IntentAlreadyCommittedAndResultAfter()
    {
        // Arrange
        await using var database = await TestDatabase.CreateAsync();
        var lab = await database.AddLabAsync();
        var recorder = new ChangeRecorder(Journal(database), lab.Id, database.Time);
        (string Change, bool Completed)? duringWrite = null;

        // Act
        recorder.Record(Write, () =>
        {
            // Read through a separate connection, as a process started after a kill -9 would.
            using var db = database.CreateContextAsync().GetAwaiter().GetResult();
            var row = db.LabChanges.AsNoTracking().Single();
            duringWrite = (row.Change, row.CompletedAt is not null);
        });

        // Assert
        Assert.Equal((Write, false), duringWrite);
        await using var after = await database.CreateContextAsync();
        var stored = await after.LabChanges.AsNoTracking().SingleAsync(database.Token);
        Assert.Equal(database.Time.GetUtcNow(), stored.CompletedAt);
        Assert.Null(stored.Error);
    }

    [Fact]
    public async Task TakeUnfinishedAsync_IntentWithoutResultAfterRestart_ReturnedOnceForItsLabOnly()
    {
        // Arrange
        await using var database = await TestDatabase.CreateAsync();
        var lab = await database.AddLabAsync();
        var other = await database.AddLabAsync("other");
        var journal = Journal(database);
        journal.RecordIntent(lab.Id, Write, database.Time.GetUtcNow());
        journal.RecordIntent(other.Id, "start domain w0 on test:///default", database.Time.GetUtcNow());
        var finished = journal.RecordIntent(lab.Id, "write 0 to /sys/bus/pci/devices/0000:3b:00.0/sriov_numvfs", database.Time.GetUtcNow());
        journal.RecordResult(finished, "SysfsWriteException: EBUSY", database.Time.GetUtcNow());
        await database.RestartAsync();

        // Act
        var first = await Journal(database).TakeUnfinishedAsync(lab.Id, database.Time.GetUtcNow(), database.Token);
        var second = await Journal(database).TakeUnfinishedAsync(lab.Id, database.Time.GetUtcNow(), database.Token);

        // Assert
        Assert.Equal([Write], first.Select(c => c.Change));
        Assert.Empty(second);
    }

    [Fact]
    public async Task Record_FailedChange_ResultHoldsTheErrorAndTheExceptionPropagates()
    {
        // Arrange
        await using var database = await TestDatabase.CreateAsync();
        var lab = await database.AddLabAsync();
        var recorder = new ChangeRecorder(Journal(database), lab.Id, database.Time);

        // Act
        var error = Assert.Throws<IOException>(() => recorder.Record(Write, () => throw new IOException("EBUSY")));

        // Assert
        await using var db = await database.CreateContextAsync();
        var stored = await db.LabChanges.AsNoTracking().SingleAsync(database.Token);
        Assert.Equal("IOException: " + error.Message, stored.Error);
        Assert.NotNull(stored.CompletedAt);
    }

    private static IChangeJournal Journal(TestDatabase database) => database.Services.GetRequiredService<IChangeJournal>();
}
