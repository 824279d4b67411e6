using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using VirtSriov.Data;
using VirtSriov.Web.Account;
using VirtSriov.Web.Tokens;

namespace VirtSriov.Web.Hosting;

public static class DashboardAuthExtensions
{
    /// <summary>
    /// Identity with cookie sign-in, and API tokens (<c>Authorization: Bearer vsr_…</c>) for automation, which need no
    /// browser and so no antiforgery; everything requires an authenticated user unless it says otherwise
    /// (login, setup, static assets, health). Data protection keys (&lt;DataDirectory&gt;/keys) are set up by AddVirtSriovData.
    /// </summary>
    public static WebApplicationBuilder AddDashboardAuth(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddAuthentication(ApiTokenDefaults.SelectorScheme)
            .AddPolicyScheme(ApiTokenDefaults.SelectorScheme, "Cookie or API token", o => o.ForwardDefaultSelector = SelectScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenDefaults.Scheme, null)
            .AddIdentityCookies();
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(ApiTokenDefaults.OperatorPolicy, OperatorRequirement.Policy);
        services.AddCascadingAuthenticationState();

        services.AddIdentityCore<IdentityUser>(o =>
            {
                o.User.RequireUniqueEmail = false;
                // Guessing is slowed per client by SignInRateLimits; an account lockout would let anyone lock the admin out.
                o.Lockout.AllowedForNewUsers = false;
            })
            .AddEntityFrameworkStores<VirtSriovDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();

        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = AccountPaths.Login;
            o.LogoutPath = AccountPaths.Logout;
            o.AccessDeniedPath = AccountPaths.Login;
            o.Cookie.Name = "VirtSriov.Auth";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Events.OnRedirectToLogin = AccountPaths.RedirectToLoginOrRefuse;
            o.Events.OnRedirectToAccessDenied = AccountPaths.RedirectToLoginOrRefuse;
        });

        // Checked on every request, so that a cookie replayed after sign-out (which renews the stamp) is refused.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);
        services.AddRateLimiter(SignInRateLimits.Configure);
        services.AddSingleton<DummyPasswordHash>();
        services.AddScoped<PasswordSignIn>();
        services.AddSingleton<SetupToken>();
        services.AddHostedService<SetupAnnouncer>();
        return builder;
    }

    /// <summary>A bearer token is read on the API, hub, OpenAPI and metrics paths only; everything else is the cookie's.</summary>
    private static string SelectScheme(HttpContext context) =>
        context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
        && ApiTokenDefaults.Paths.Any(p => context.Request.Path.StartsWithSegments(p))
            ? ApiTokenDefaults.Scheme
            : IdentityConstants.ApplicationScheme;

    /// <summary>The logout endpoint (login and setup are static server-rendered pages).</summary>
    public static WebApplication MapDashboardAccount(this WebApplication app)
    {
        app.MapPost(AccountPaths.Logout, AccountEndpoints.LogoutAsync);
        return app;
    }
}
