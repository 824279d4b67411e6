using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace VirtSriov.Web.Account;

/// <summary>
/// On a first start (no user yet) issues the setup token and, once the server listens, prints the setup link
/// with the address actually bound.
/// </summary>
public sealed partial class SetupAnnouncer(
    IServiceScopeFactory scopes,
    SetupToken token,
    IServer server,
    IConfiguration configuration,
    IHostApplicationLifetime lifetime,
    ILogger<SetupAnnouncer> logger) : IHostedService
{
    private const string DefaultAddress = "http://127.0.0.1:5080";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        if (await users.Users.AnyAsync(cancellationToken))
        {
            return;
        }

        var value = token.Issue();
        lifetime.ApplicationStarted.Register(() => Announce(value));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Announce(string value)
    {
        var link = $"{BoundAddress().TrimEnd('/')}{AccountPaths.Setup}?token={value}";
        LogSetupLink(logger, link);
        Console.WriteLine($"No user exists yet. Create the administrator here (one-time link): {link}");
    }

    private string BoundAddress()
    {
        var bound = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        var configured = configuration["Urls"]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return bound ?? configured ?? DefaultAddress;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No user exists yet. Create the administrator here (one-time link): {SetupLink}")]
    private static partial void LogSetupLink(ILogger logger, string setupLink);
}
