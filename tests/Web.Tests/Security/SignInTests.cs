using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using VirtSriov.Core.Audit;
using VirtSriov.Web.Account;
using VirtSriov.Web.Tests.Hosting;

namespace VirtSriov.Web.Tests.Security;

public sealed class SignInTests
{
    private const string WrongAnswer = "The user name or password is wrong.";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(SignIn.UserName)]
    [InlineData("nobody")]
    public async Task Login_WrongPasswordForKnownOrUnknownUser_SameAnswerAndOnePasswordCheck(string userName)
    {
        var hasher = new CountingPasswordHasher();
        await using var factory = new DashboardFactory();
        await using var app = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IPasswordHasher<IdentityUser>>(hasher)));
        await CreateAdminAsync(app.Services);
        var client = app.CreateDefaultClient(new CookieContainerHandler());
        hasher.Verifications = 0;

        var response = await FormPost.SubmitAsync(client, "/account/login", SignIn.Credentials(userName, "wrong-password-1A"), Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(WrongAnswer, await response.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        Assert.Equal(1, hasher.Verifications);
    }

    [Fact]
    public async Task Login_OutsiderExhaustsTheLimit_IsRefused429_AdminsBrowserStillSignsIn()
    {
        await using var factory = new DashboardFactory();
        var (admin, _) = await SignIn.AsAdminAsync(factory, Token);
        var outsider = factory.CreateDefaultClient(new CookieContainerHandler());
        // The admin's own first sign-in, before its browser had a device cookie, took one permit of the shared partition.
        var left = SignInRateLimits.PermitsPerWindow - 1;
        for (var i = 0; i < left; i++)
        {
            var guess = await FormPost.SubmitAsync(outsider, "/account/login", SignIn.Credentials(SignIn.UserName, $"guess-{i}-Aa"), Token);
            Assert.Equal(HttpStatusCode.OK, guess.StatusCode);
        }

        var refused = await FormPost.SubmitAsync(outsider, "/account/login", SignIn.Credentials(SignIn.UserName, SignIn.Password), Token);
        var again = await FormPost.SubmitAsync(admin, "/account/login", SignIn.Credentials(SignIn.UserName, SignIn.Password), Token);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        var failed = await factory.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery(Action: "sign-in.failed"), Token);
        Assert.Equal(left, failed.Total);
    }

    [Fact]
    public async Task Login_MegabyteUserName_IsRefusedByTheFormAndNothingIsStored()
    {
        await using var factory = new DashboardFactory();
        await CreateAdminAsync(factory.Services);
        var client = factory.CreateDefaultClient(new CookieContainerHandler());

        var response = await FormPost.SubmitAsync(client, "/account/login", SignIn.Credentials(new string('a', 1 << 20), "wrong-password-1A"), Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"maximum length of {PasswordSignIn.MaxUserNameLength}", await response.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        Assert.Equal(0, (await factory.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery(), Token)).Total);
    }

    [Fact]
    public async Task Logout_ThenTheOldCookieReplayed_IsRefused()
    {
        await using var factory = new DashboardFactory();
        var (client, cookies) = await SignIn.AsAdminAsync(factory, Token);
        var stolen = cookies.GetCookieHeader(factory.Server.BaseAddress);
        Assert.Equal(HttpStatusCode.OK, (await Replay(factory, stolen)).StatusCode);

        var loggedOut = await FormPost.SubmitAsync(client, "/", "/account/logout", new Dictionary<string, string>(), Token);

        Assert.Equal(HttpStatusCode.Redirect, loggedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Replay(factory, stolen)).StatusCode);
    }

    private static async Task<HttpResponseMessage> Replay(DashboardFactory factory, string cookieHeader)
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/labs");
        request.Headers.Add("Cookie", cookieHeader);
        return await client.SendAsync(request, Token);
    }

    private static async Task CreateAdminAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>().CreateAsync(new IdentityUser(SignIn.UserName), SignIn.Password);
        Assert.True(created.Succeeded);
    }

    private sealed class CountingPasswordHasher : IPasswordHasher<IdentityUser>
    {
        private readonly PasswordHasher<IdentityUser> _inner = new();

        public int Verifications { get; set; }

        public string HashPassword(IdentityUser user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(IdentityUser user, string hashedPassword, string providedPassword)
        {
            Verifications++;
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
