using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using VirtSriov.Core.Audit;
using VirtSriov.Web.Account;

namespace VirtSriov.Web.Components.Account;

/// <summary>Static server-rendered sign-in form (no circuit): password sign-in with lockout.</summary>
public sealed partial class Login
{
    private string? _error;

    [Inject]
    public required SignInManager<IdentityUser> SignInManager { get; init; }

    [Inject]
    public required SetupToken SetupToken { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [Inject]
    public required IAuditLog Audit { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    [SupplyParameterFromForm]
    private LoginInput Input { get; set; } = default!;

    [SupplyParameterFromQuery]
    private string? ReturnUrl { get; set; }

    private bool SetupPending => SetupToken.Value is not null;

    protected override void OnInitialized() => Input ??= new();

    private async Task SignInAsync()
    {
        var result = await SignInManager.PasswordSignInAsync(Input.UserName, Input.Password, isPersistent: false, lockoutOnFailure: true);
        await Audit.RecordAsync(new AuditEntry(Time.GetUtcNow(), Input.UserName, result.Succeeded ? "sign-in" : result.IsLockedOut ? "sign-in.locked-out" : "sign-in.failed", "password"), CancellationToken.None);
        if (result.Succeeded)
        {
            Navigation.NavigateTo(AccountPaths.SafeReturnUrl(ReturnUrl));
            return;
        }

        _error = result.IsLockedOut
            ? "This account is locked after too many failed attempts. Try again later."
            : "The user name or password is wrong.";
    }
}
