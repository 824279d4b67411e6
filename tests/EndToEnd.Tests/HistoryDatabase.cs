using Microsoft.Data.Sqlite;

namespace VirtSriov.EndToEnd.Tests;

/// <summary>
/// Reads a dashboard's SQLite history directly (read-only, beside the running dashboard, as WAL allows): the change
/// journal and step states the API does not expose at the moment a fault test needs them.
/// </summary>
public sealed class HistoryDatabase(string dataDirectory)
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = Path.Combine(dataDirectory, "virtsriov.db"),
        Mode = SqliteOpenMode.ReadOnly,
        Pooling = false,
    }.ToString();

    /// <summary>The stored status of a run's step and when its current attempt started (UTC ticks), or null before it has one.</summary>
    public async Task<(string Status, long? StartedAt)?> StepAsync(Guid runId, string step, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Status, StartedAt FROM StepRuns WHERE upper(RunId) = upper($run) AND Step = $step";
        command.Parameters.AddWithValue("$run", runId.ToString());
        command.Parameters.AddWithValue("$step", step);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetInt64(1)) : null;
    }

    /// <summary>The lab's change journal, oldest first.</summary>
    public async Task<IReadOnlyList<JournaledChange>> ChangesAsync(Guid labId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Id, Change, IntendedAt, CompletedAt, Error, ReportedAt FROM LabChanges WHERE upper(LabId) = upper($lab) ORDER BY Id";
        command.Parameters.AddWithValue("$lab", labId.ToString());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var changes = new List<JournaledChange>();
        while (await reader.ReadAsync(cancellationToken))
        {
            changes.Add(new JournaledChange(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetInt64(2),
                reader.IsDBNull(3) ? null : reader.GetInt64(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetInt64(5)));
        }

        return changes;
    }

    /// <summary>The texts of the run's stored log events, in sequence order.</summary>
    public async Task<IReadOnlyList<string>> LogTextsAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Text FROM RunEvents WHERE upper(RunId) = upper($run) ORDER BY Sequence";
        command.Parameters.AddWithValue("$run", runId.ToString());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var texts = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            texts.Add(reader.GetString(0));
        }

        return texts;
    }

    /// <summary>The run's stored event sequences, in order.</summary>
    public async Task<IReadOnlyList<long>> EventSequencesAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Sequence FROM RunEvents WHERE upper(RunId) = upper($run) ORDER BY Sequence";
        command.Parameters.AddWithValue("$run", runId.ToString());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var sequences = new List<long>();
        while (await reader.ReadAsync(cancellationToken))
        {
            sequences.Add(reader.GetInt64(0));
        }

        return sequences;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}

/// <summary>One row of the change journal: intent, and result once there is one (times in UTC ticks).</summary>
public sealed record JournaledChange(long Id, string Change, long IntendedAt, long? CompletedAt, string? Error, long? ReportedAt)
{
    public bool Succeeded => CompletedAt is not null && Error is null;
}
