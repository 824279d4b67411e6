using VirtSriov.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.AddDashboardServices();
builder.AddDashboardAuth();
builder.AddDashboardUi();
builder.AddDashboardApi();
builder.AddDashboardTelemetry();

var app = builder.Build();

await app.PrepareDashboardAsync();
app.UseDashboardPipeline();
app.MapDashboardAccount();
app.MapDashboardApi();
app.MapDashboardTelemetry();
app.MapRunHub();
app.MapDashboardUi();

await app.RunAsync();

/// <summary>Entry point; public so that WebApplicationFactory can start the app in tests.</summary>
public partial class Program;
