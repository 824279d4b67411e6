using System.ComponentModel.DataAnnotations;

namespace VirtSriov.Web.Components.Account;

public sealed class SetupInput
{
    [Required]
    [StringLength(64, MinimumLength = 3)]
    [Display(Name = "User name")]
    public string UserName { get; set; } = "";

    [Required]
    [DataType(DataType.Password)]
    public string Password { get; set; } = "";

    [Required]
    [DataType(DataType.Password)]
    [Compare(nameof(Password), ErrorMessage = "The passwords do not match.")]
    [Display(Name = "Confirm password")]
    public string ConfirmPassword { get; set; } = "";
}
