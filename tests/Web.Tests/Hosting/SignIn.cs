using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Extensions.DependencyInjection;
using VirtSriov.Web.Security;

namespace VirtSriov.Web.Tests.Hosting;

/// <summary>Creates a user directly and signs in through the login form; the returned client carries the cookie.</summary>
public static class SignIn
{
    public const string UserName = "admin";
    public const string Password = "Correct-Horse-42";

    public static async Task<(HttpClient Client, CookieContainer Cookies)> AsAdminAsync(DashboardFactory factory, CancellationToken cancellationToken)
    {
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            var created = await users.CreateAsync(new IdentityUser(UserName), Password);
            Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        }

        var cookies = new CookieContainer();
        var client = factory.CreateDefaultClient(new CookieContainerHandler(cookies));
        var response = await FormPost.SubmitAsync(client, "/account/login", Credentials(UserName, Password), cancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        // As a script calling the API does: the header proves the call is not a cross-origin page's form or fetch.
        client.DefaultRequestHeaders.Add(CrossSiteRequestGuard.HeaderName, "1");
        return (client, cookies);
    }

    public static Dictionary<string, string> Credentials(string userName, string password) => new()
    {
        ["Input.UserName"] = userName,
        ["Input.Password"] = password,
    };
}
