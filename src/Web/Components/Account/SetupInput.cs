using System.ComponentModel.DataAnnotations;
using VirtSriov.Web.Account;

namespace VirtSriov.Web.Components.Account;

public sealed class SetupInput
{
    [Required]
    [StringLength(PasswordSignIn.MaxUserNameLength, MinimumLength = 3)]
    [Display(Name = "User name")]
    public string UserName { get; set; } = "";

    [Required]
    [StringLength(PasswordSignIn.MaxPasswordLength)]
    [DataType(DataType.Password)]
    public string Password { get; set; } = "";

    [Required]
    [StringLength(PasswordSignIn.MaxPasswordLength)]
    [DataType(DataType.Password)]
    [Compare(nameof(Password), ErrorMessage = "The passwords do not match.")]
    [Display(Name = "Confirm password")]
    public string ConfirmPassword { get; set; } = "";
}
