using System.Globalization;
using System.Net;
using System.Text;
using VirtSriov.Core.Cluster.Kubernetes;
using VirtSriov.Core.Testpmd;
using VirtSriov.TestDoubles;

namespace VirtSriov.Core.Tests.Cluster.Kubernetes;

/// <summary>
/// The real client follows a testpmd pod's log (real dpdk-testpmd output) from a fake API server on loopback whose log
/// connection drops in the middle of a statistics block and resumes: every line arrives once, in order.
/// </summary>
public sealed class PodLogFollowTests
{
    private const string LogPath = "/api/v1/namespaces/virtsriov-dpdk/pods/testpmd/log";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>Real output of dpdk-testpmd on two null ports.</summary>
    private static IReadOnlyList<string> Lines => ClusterTestpmdFake.Forwarding;

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task FollowPodLogAsync_ConnectionDropsMidBlock_NoLineLostOrRepeated(int drops)
    {
        var stamped = Timestamped(Lines);
        var connections = 0;
        await using var server = new LoopbackApiServer(async context =>
        {
            if (context.Request.Url!.AbsolutePath == LogPath)
            {
                var connection = Interlocked.Increment(ref connections);
                await ServeLogAsync(context.Response, stamped, drop: connection <= drops ? CutFor(connection, drops, stamped.Count) : null);
                return;
            }

            var phase = Volatile.Read(ref connections) > drops ? "Succeeded" : "Running";
            await LoopbackApiServer.WriteAsync(context.Response, 200, "application/json", $$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"testpmd"},"status":{"phase":"{{{phase}}}"}}""");
        });
        using var client = KubernetesClusterClient.FromKubeconfig(server.Kubeconfig, TimeProvider.System);

        var followed = new List<string>();
        await foreach (var line in client.FollowPodLogAsync("virtsriov-dpdk", "testpmd", Token))
        {
            followed.Add(line);
        }

        Assert.Equal(drops + 1, connections);
        Assert.Equal(Lines, followed);
        var log = new RecordingStepLog();
        var viaFollow = await TestpmdLogReader.ReadAsync(followed.ToAsyncEnumerable(), log, Token);
        var direct = await TestpmdLogReader.ReadAsync(Lines.ToAsyncEnumerable(), new RecordingStepLog(), Token);
        Assert.True(direct.SampleCount > 0);
        Assert.Equal(direct.SampleCount, viaFollow.SampleCount);
    }

    /// <summary>Each drop cuts further into the log, inside a group of lines sharing one timestamp.</summary>
    private static int CutFor(int connection, int drops, int count) => count * connection / (drops + 1) + 3;

    /// <summary>The kubelet's format: RFC 3339 with trailing zeros of the nanoseconds trimmed; a block of 5 lines shares one stamp.</summary>
    private static List<string> Timestamped(IReadOnlyList<string> lines)
    {
        var start = new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);
        return lines.Select((line, i) =>
        {
            var at = start.AddTicks(i / 5 * 2_500_000);
            var fraction = (at.Ticks % TimeSpan.TicksPerSecond * 100).ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
            var stamp = at.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + (fraction.Length > 0 ? "." + fraction : "") + "Z";
            return stamp + " " + line;
        }).ToList();
    }

    private static async Task ServeLogAsync(HttpListenerResponse response, IReadOnlyList<string> stamped, int? drop)
    {
        response.StatusCode = 200;
        response.ContentType = "text/plain";
        response.SendChunked = true;
        var lines = drop is { } cut ? stamped.Take(cut) : stamped;
        var bytes = Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n")));
        await response.OutputStream.WriteAsync(bytes);
        await response.OutputStream.FlushAsync();
        if (drop is not null)
        {
            response.Abort();
            return;
        }

        response.Close();
    }
}
