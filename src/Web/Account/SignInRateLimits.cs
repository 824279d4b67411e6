using System.Threading.RateLimiting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.RateLimiting;

namespace VirtSriov.Web.Account;

/// <summary>
/// Limits sign-in and setup form posts per client: <see cref="PermitsPerWindow"/> per <see cref="Window"/>, then 429.
/// On a loopback-only dashboard every client has the same address, so the partition is the address plus the
/// browser's device cookie, issued after a successful sign-in: an outsider hammering the form exhausts only the
/// partition of browsers without one, and the administrator's browser keeps its own.
/// </summary>
public static class SignInRateLimits
{
    public const int PermitsPerWindow = 10;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private const string DeviceCookie = "VirtSriov.Device";
    private const string Purpose = "VirtSriov.SignIn.Device";

    public static void Configure(RateLimiterOptions options)
    {
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.OnRejected = (context, _) =>
        {
            context.HttpContext.Response.Headers.RetryAfter = ((int)Window.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return ValueTask.CompletedTask;
        };
        options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            IsAccountFormPost(context.Request)
                ? RateLimitPartition.GetFixedWindowLimiter(Client(context), _ => new FixedWindowRateLimiterOptions { PermitLimit = PermitsPerWindow, Window = Window, QueueLimit = 0 })
                : RateLimitPartition.GetNoLimiter("unlimited"));
    }

    /// <summary>Marks this browser as one that signed in successfully (an encrypted random id, kept for a year).</summary>
    public static void IssueDeviceCookie(HttpContext context)
    {
        var protector = context.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose);
        context.Response.Cookies.Append(DeviceCookie, protector.Protect(Guid.NewGuid().ToString("N")), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Path = "/account",
            MaxAge = TimeSpan.FromDays(365),
            IsEssential = true,
        });
    }

    private static bool IsAccountFormPost(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && (request.Path.StartsWithSegments(AccountPaths.Login) || request.Path.StartsWithSegments(AccountPaths.Setup));

    private static string Client(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return DeviceId(context) is { } device ? $"client:{address}|{device}" : $"client:{address}";
    }

    private static string? DeviceId(HttpContext context)
    {
        if (!context.Request.Cookies.TryGetValue(DeviceCookie, out var value) || string.IsNullOrEmpty(value) || value.Length > 512)
        {
            return null;
        }

        try
        {
            return context.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).Unprotect(value);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
