using System.ComponentModel.DataAnnotations;
using VirtSriov.Web.Account;

namespace VirtSriov.Web.Components.Account;

public sealed class LoginInput
{
    [Required]
    [StringLength(PasswordSignIn.MaxUserNameLength)]
    [Display(Name = "User name")]
    public string UserName { get; set; } = "";

    [Required]
    [StringLength(PasswordSignIn.MaxPasswordLength)]
    [DataType(DataType.Password)]
    public string Password { get; set; } = "";
}
