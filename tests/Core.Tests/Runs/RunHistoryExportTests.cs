using System.Globalization;
using System.Text;
using System.Text.Json;
using VirtSriov.Core.Runs;

namespace VirtSriov.Core.Tests.Runs;

public sealed class RunHistoryExportTests
{
    private static readonly RunSummary Tested = new(
        Guid.NewGuid(), Guid.NewGuid(), "lab \"east\", rack 3\nrow 2", false, RunStatus.Succeeded,
        new DateTimeOffset(2026, 12, 6, 8, 0, 0, TimeSpan.FromHours(2)), new DateTimeOffset(2026, 12, 6, 8, 5, 0, TimeSpan.Zero), 7, 7,
        RunTeardown.TornDown, 8, 2, new RunThroughput(14_880_952, 12_345_678.5, 0.125));

    private static readonly RunSummary Untested = new(
        Guid.NewGuid(), Guid.NewGuid(), "Simulated lab", true, RunStatus.Active, new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero), null, 2, 7, VfCount: 4, WorkerCount: 2);

    [Fact]
    public void ToCsv_NameWithQuotesCommaAndLineBreak_ParsesBackToTheSameCells()
    {
        var rows = ParseCsv(RunHistoryExport.ToCsv([Tested, Untested]));

        Assert.Equal(3, rows.Count);
        Assert.Equal(["id", "startedAt", "finishedAt", "lab", "simulated", "status", "teardown", "stepsSucceeded", "vfCount", "workerCount", "peakRxPps", "meanRxPps", "lossPercent"], rows[0]);
        var tested = rows[0].Zip(rows[1]).ToDictionary(c => c.First, c => c.Second);
        Assert.Equal(Tested.Id.ToString(), tested["id"]);
        Assert.Equal(Tested.CreatedAt, DateTimeOffset.Parse(tested["startedAt"], CultureInfo.InvariantCulture));
        Assert.Equal("lab \"east\", rack 3\nrow 2", tested["lab"]);
        Assert.Equal(("false", "Succeeded", "TornDown", "7", "8", "2"), (tested["simulated"], tested["status"], tested["teardown"], tested["stepsSucceeded"], tested["vfCount"], tested["workerCount"]));
        Assert.Equal(("14880952", "12345678.5", "0.125"), (tested["peakRxPps"], tested["meanRxPps"], tested["lossPercent"]));
        Assert.Equal(["", "", "", ""], [rows[2][2], rows[2][6], rows[2][10], rows[2][12]]);
    }

    [Fact]
    public void ToJson_SameRuns_ParsesBackWithTheSameValues()
    {
        using var json = JsonDocument.Parse(RunHistoryExport.ToJson([Tested, Untested]));

        var tested = json.RootElement[0];
        Assert.Equal(Tested.Id, tested.GetProperty("id").GetGuid());
        Assert.Equal(Tested.LabName, tested.GetProperty("lab").GetString());
        Assert.Equal(Tested.CreatedAt, tested.GetProperty("startedAt").GetDateTimeOffset());
        Assert.Equal(14_880_952, tested.GetProperty("peakRxPps").GetInt64());
        Assert.Equal(0.125, tested.GetProperty("lossPercent").GetDouble());
        Assert.Equal(JsonValueKind.Null, json.RootElement[1].GetProperty("peakRxPps").ValueKind);
        Assert.Equal(2, json.RootElement.GetArrayLength());
    }

    /// <summary>RFC 4180: fields separated by commas, records by CRLF; a quoted field may hold commas, CRLF and doubled quotes.</summary>
    private static List<List<string>> ParseCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                Assert.Equal(0, cell.Length);
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(cell.ToString());
                cell.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(cell.ToString());
                cell.Clear();
                rows.Add(row);
                row = [];
                i++;
            }
            else
            {
                Assert.NotEqual('\n', c);
                cell.Append(c);
            }
        }

        Assert.False(quoted, "The CSV ends inside a quoted field.");
        Assert.Empty(row);
        return rows;
    }
}
