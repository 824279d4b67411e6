using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;

namespace VirtSriov.Web.Account;

public static class AccountEndpoints
{
    /// <summary>
    /// Signs out (a form post carrying the antiforgery token) and returns to the login page. The user's security stamp
    /// is renewed, so the old cookie, if replayed, no longer signs anyone in.
    /// </summary>
    public static async Task<IResult> LogoutAsync(HttpContext context, IAntiforgery antiforgery, SignInManager<IdentityUser> signInManager)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return TypedResults.BadRequest();
        }

        if (await signInManager.UserManager.GetUserAsync(context.User) is { } user)
        {
            await signInManager.UserManager.UpdateSecurityStampAsync(user);
        }

        await signInManager.SignOutAsync();
        return TypedResults.LocalRedirect(AccountPaths.Login);
    }
}
