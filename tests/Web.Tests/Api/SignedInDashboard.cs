using Microsoft.Extensions.DependencyInjection;
using VirtSriov.Core.Labs;
using VirtSriov.Web.Tests.Hosting;

namespace VirtSriov.Web.Tests.Api;

/// <summary>One dashboard and one signed-in client shared by a class's cases that must change nothing.</summary>
public sealed class SignedInDashboard : IAsyncLifetime
{
    public DashboardFactory Factory { get; } = new();

    public HttpClient Client { get; private set; } = default!;

    public Guid SimulatedLabId { get; private set; }

    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        (Client, _) = await SignIn.AsAdminAsync(Factory, timeout.Token);
        SimulatedLabId = (await Factory.Services.GetRequiredService<ILabStore>().ListAsync(timeout.Token)).Single(l => l.IsSimulated).Id;
    }

    public ValueTask DisposeAsync() => Factory.DisposeAsync();
}
