using System.ComponentModel.DataAnnotations;

namespace VirtSriov.Web.Components.Account;

public sealed class LoginInput
{
    [Required]
    [Display(Name = "User name")]
    public string UserName { get; set; } = "";

    [Required]
    [DataType(DataType.Password)]
    public string Password { get; set; } = "";
}
