using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using VirtSriov.Web.Account;

namespace VirtSriov.Web.Components.Account;

/// <summary>
/// First-start page: creates the administrator, only with the one-time token printed at start and only while no
/// user exists. Anything else answers 403.
/// </summary>
public sealed partial class Setup
{
    private bool _open;
    private IReadOnlyList<string> _errors = [];

    [Inject]
    public required UserManager<IdentityUser> Users { get; init; }

    [Inject]
    public required SignInManager<IdentityUser> SignInManager { get; init; }

    [Inject]
    public required SetupToken SetupToken { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromForm]
    private SetupInput Input { get; set; } = default!;

    [SupplyParameterFromQuery]
    private string? Token { get; set; }

    protected override async Task OnInitializedAsync()
    {
        Input ??= new();
        _open = SetupToken.Matches(Token) && !await Users.Users.AnyAsync(HttpContext.RequestAborted);
        if (!_open)
        {
            HttpContext.Response.StatusCode = StatusCodes.Status403Forbidden;
        }
    }

    private async Task CreateAsync()
    {
        var token = Token;
        if (!_open || token is null || !SetupToken.TryClaim(token))
        {
            _open = false;
            HttpContext.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        var user = new IdentityUser(Input.UserName);
        var result = await Users.CreateAsync(user, Input.Password);
        if (!result.Succeeded)
        {
            SetupToken.Restore(token);
            _errors = [.. result.Errors.Select(e => e.Description)];
            return;
        }

        await SignInManager.SignInAsync(user, isPersistent: false);
        Navigation.NavigateTo("/");
    }
}
