using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Extensions.DependencyInjection;
using VirtSriov.Web.Account;

namespace VirtSriov.Web.Tests.Hosting;

public sealed class AccountTests
{
    [Fact]
    public async Task Setup_ValidTokenOnFirstStart_CreatesAdminSignsInAndClosesSetup()
    {
        await using var factory = new DashboardFactory();
        var cookies = new CookieContainer();
        var client = factory.CreateDefaultClient(new CookieContainerHandler(cookies));
        var token = factory.Services.GetRequiredService<SetupToken>().Value;
        Assert.NotNull(token);
        var setupUrl = $"/account/setup?token={token}";

        var created = await FormPost.SubmitAsync(client, setupUrl, SetupFields("admin", "Correct-Horse-42", "Correct-Horse-42"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal(1, await UserCountAsync(factory));
        var negotiate = await client.PostAsync("/hubs/runs/negotiate?negotiateVersion=1", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, negotiate.StatusCode);

        var anonymous = factory.CreateDefaultClient(new CookieContainerHandler());
        var again = await FormPost.SubmitAsync(anonymous, "/account/login", setupUrl, SetupFields("intruder", "Correct-Horse-43", "Correct-Horse-43"), TestContext.Current.CancellationToken);
        AssertRefused(again);
        Assert.Equal(1, await UserCountAsync(factory));
        Assert.Null(factory.Services.GetRequiredService<SetupToken>().Value);
    }

    [Fact]
    public async Task Setup_WrongToken_IsRefusedAndCreatesNobody()
    {
        await using var factory = new DashboardFactory();
        var client = factory.CreateDefaultClient(new CookieContainerHandler());

        var response = await FormPost.SubmitAsync(client, "/account/login", "/account/setup?token=guess", SetupFields("admin", "Correct-Horse-42", "Correct-Horse-42"), TestContext.Current.CancellationToken);

        AssertRefused(response);
        Assert.Equal(0, await UserCountAsync(factory));
    }

    [Fact]
    public async Task GetSetup_WrongToken_Answers403WithoutForm()
    {
        await using var factory = new DashboardFactory();
        var client = factory.CreateDefaultClient(new CookieContainerHandler());

        var response = await client.GetAsync("/account/setup?token=guess", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("ConfirmPassword", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Setup_PasswordsDiffer_CreatesNobodyAndKeepsTheToken()
    {
        await using var factory = new DashboardFactory();
        var client = factory.CreateDefaultClient(new CookieContainerHandler());
        var token = factory.Services.GetRequiredService<SetupToken>().Value;

        var response = await FormPost.SubmitAsync(client, $"/account/setup?token={token}", SetupFields("admin", "Correct-Horse-42", "Other-Horse-42"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The passwords do not match.", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(0, await UserCountAsync(factory));
        Assert.Equal(token, factory.Services.GetRequiredService<SetupToken>().Value);
    }

    [Fact]
    public async Task Login_RightPassword_GivesAccess()
    {
        await using var factory = new DashboardFactory();

        var (client, _) = await SignIn.AsAdminAsync(factory, TestContext.Current.CancellationToken);

        var negotiate = await client.PostAsync("/hubs/runs/negotiate?negotiateVersion=1", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, negotiate.StatusCode);
    }

    [Fact]
    public async Task Login_WrongPassword_StaysOnTheFormWithoutAccess()
    {
        await using var factory = new DashboardFactory();
        await SignIn.AsAdminAsync(factory, TestContext.Current.CancellationToken);
        var client = factory.CreateDefaultClient(new CookieContainerHandler());

        var response = await FormPost.SubmitAsync(client, "/account/login", SignIn.Credentials(SignIn.UserName, "wrong-password-1A"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The user name or password is wrong.", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var negotiate = await client.PostAsync("/hubs/runs/negotiate?negotiateVersion=1", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, negotiate.StatusCode);
    }

    /// <summary>The page answers 403 when setup is closed; a post to its absent form gets Blazor's 400.</summary>
    private static void AssertRefused(HttpResponseMessage response) =>
        Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.BadRequest, $"Expected a refusal, got {response.StatusCode}.");

    private static Dictionary<string, string> SetupFields(string userName, string password, string confirm) => new()
    {
        ["_handler"] = "setup",
        ["Input.UserName"] = userName,
        ["Input.Password"] = password,
        ["Input.ConfirmPassword"] = confirm,
    };

    private static async Task<int> UserCountAsync(DashboardFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>().Users.Count();
    }
}
