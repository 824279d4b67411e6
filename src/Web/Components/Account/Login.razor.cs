using Microsoft.AspNetCore.Components;
using VirtSriov.Core.Audit;
using VirtSriov.Web.Account;

namespace VirtSriov.Web.Components.Account;

/// <summary>Static server-rendered sign-in form (no circuit): password sign-in, rate-limited per client.</summary>
public sealed partial class Login
{
    private string? _error;

    [Inject]
    public required PasswordSignIn Passwords { get; init; }

    [Inject]
    public required SetupToken SetupToken { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [Inject]
    public required IAuditLog Audit { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromForm]
    private LoginInput Input { get; set; } = default!;

    [SupplyParameterFromQuery]
    private string? ReturnUrl { get; set; }

    private bool SetupPending => SetupToken.Value is not null;

    protected override void OnInitialized() => Input ??= new();

    private async Task SignInAsync()
    {
        var succeeded = await Passwords.SignInAsync(Input.UserName, Input.Password);
        await Audit.RecordAsync(new AuditEntry(Time.GetUtcNow(), Input.UserName, succeeded ? "sign-in" : "sign-in.failed", "password"), CancellationToken.None);
        if (succeeded)
        {
            SignInRateLimits.IssueDeviceCookie(HttpContext);
            Navigation.NavigateTo(AccountPaths.SafeReturnUrl(ReturnUrl));
            return;
        }

        _error = "The user name or password is wrong.";
    }
}
