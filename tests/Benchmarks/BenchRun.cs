using Microsoft.Extensions.DependencyInjection;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Runs.Events;
using VirtSriov.Core.Steps;

namespace VirtSriov.Benchmarks;

/// <summary>A run on the simulated lab in a fresh data folder, opened for publishing; the folder goes on dispose.</summary>
internal sealed class BenchRun : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly string _data;

    private BenchRun(ServiceProvider services, string data, Guid runId)
    {
        _services = services;
        _data = data;
        RunId = runId;
    }

    public Guid RunId { get; }

    public RunEventPublisher Publisher => _services.GetRequiredService<RunEventPublisher>();

    public IRunEventFeed Feed => _services.GetRequiredService<IRunEventFeed>();

    public static async Task<BenchRun> StartAsync()
    {
        var data = Directory.CreateTempSubdirectory("virtsriov-bench-").FullName;
        var services = await BenchHost.StartAsync(data);
        var lab = await services.GetRequiredService<SimulatedLabProvisioner>().EnsureAsync(CancellationToken.None);
        var run = await services.GetRequiredService<IRunStore>().CreateAsync(lab.Id, new RunSettings(), DateTimeOffset.UtcNow, CancellationToken.None);
        await services.GetRequiredService<RunEventPublisher>().OpenAsync(run.Id, CancellationToken.None);
        return new BenchRun(services, data, run.Id);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }
}
