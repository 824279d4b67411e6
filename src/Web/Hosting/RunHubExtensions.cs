using VirtSriov.Web.Hubs;

namespace VirtSriov.Web.Hosting;

public static class RunHubExtensions
{
    public const string Path = "/hubs/runs";

    /// <summary>The SignalR hub that streams a run's events: replay after a sequence, then live.</summary>
    public static WebApplication MapRunHub(this WebApplication app)
    {
        app.MapHub<RunHub>(Path).RequireAuthorization();
        return app;
    }
}
