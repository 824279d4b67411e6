using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using VirtSriov.Core.Audit;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Runs.Events;
using VirtSriov.Core.Tokens;
using VirtSriov.TestDoubles;
using VirtSriov.Web.Audit;
using VirtSriov.Web.EmulatedLab;
using VirtSriov.Web.Live;

namespace VirtSriov.Web.Tests.Fakes;

/// <summary>A bUnit context with MudBlazor, loose JS interop and the dashboard's services as fakes.</summary>
public sealed class DashboardContext : BunitContext
{
    /// <param name="time">The clock the pages see; the system clock unless a test drives it.</param>
    public DashboardContext(TimeProvider? time = null)
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton(time ?? TimeProvider.System);
        Services.AddScoped<LabBanner>();
        Services.AddSingleton<IRunEventFeed>(Feed);
        Services.AddSingleton<IRunEngine>(_ => Engine);
        Services.AddSingleton<IRunStore>(Runs);
        Services.AddSingleton<IRunEventStore>(Events);
        Services.AddSingleton<ILabStore>(Labs);
        Services.AddSingleton<IEmulatedLab>(EmulatedLab);
        Services.AddSingleton<IEmulatedHypervisor>(Hypervisor);
        Services.AddSingleton<VirtSriov.Web.Ssh.ILabHostKeys>(HostKeys);
        Services.AddSingleton<IRebootAndCheck>(Reboot);
        Services.AddSingleton(new LabEnvironmentCache(new UnopenedLabs()));
        Services.AddSingleton<IAuditLog>(Audit);
        Services.AddSingleton(Rollouts);
        Services.AddSingleton<VirtSriov.Web.Choices.ILabChoices>(LabChoices);
        Services.AddSingleton<IApiTokenStore>(Tokens);
        Services.AddSingleton<Microsoft.AspNetCore.Http.IHttpContextAccessor, Microsoft.AspNetCore.Http.HttpContextAccessor>();
        Services.AddScoped<CurrentUser>();
        Services.AddScoped<IAuditActor>(sp => sp.GetRequiredService<CurrentUser>());
        Services.AddScoped<Auditor>();
        Authorization = this.AddAuthorization();
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        Render<MudPopoverProvider>();
    }

    public ChannelRunEventFeed Feed { get; } = new();

    public FakeRunEngine Engine { get; set; } = new();

    public InMemoryRunStore Runs { get; } = new();

    public InMemoryRunEventStore Events { get; } = new();

    public InMemoryLabStore Labs { get; } = new();

    public FakeEmulatedLab EmulatedLab { get; } = new();

    public FakeEmulatedHypervisor Hypervisor { get; } = new();

    public FakeLabHostKeys HostKeys { get; } = new();

    public FakeRebootAndCheck Reboot { get; } = new();

    public InMemoryAuditLog Audit { get; } = new();

    public RolloutBoard Rollouts { get; } = new();

    public FakeLabChoices LabChoices { get; } = new();

    public InMemoryApiTokenStore Tokens { get; } = new(TimeProvider.System);

    /// <summary>Signed out unless a test signs someone in (<c>SetAuthorized</c>).</summary>
    public Bunit.TestDoubles.BunitAuthorizationContext Authorization { get; }

    public static TimeSpan Wait => TimeSpan.FromSeconds(10);

    /// <summary>Component tests open no lab: the pages only evict cached environments.</summary>
    private sealed class UnopenedLabs : ILabEnvironmentFactory
    {
        public Task<ILabEnvironment> CreateAsync(LabDefinition lab, CancellationToken cancellationToken) =>
            throw new NotSupportedException("Component tests open no lab.");
    }
}
