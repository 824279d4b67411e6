namespace VirtSriov.Web.Tokens;

/// <summary>Names of the token authentication scheme, its claims and the policy state-changing calls need.</summary>
public static class ApiTokenDefaults
{
    public const string Scheme = "ApiToken";

    /// <summary>Picks the token scheme for <c>Authorization: Bearer</c> calls to the API, else the Identity cookie.</summary>
    public const string SelectorScheme = "VirtSriov";

    public const string ScopeClaim = "virtsriov:token-scope";

    /// <summary>Signed-in operators and operator tokens; read-only tokens are refused.</summary>
    public const string OperatorPolicy = "Operator";

    /// <summary>Paths where a token is accepted (the Prometheus scrape included); pages, the Tokens page above all, need a browser sign-in.</summary>
    public static readonly string[] Paths = ["/api", "/hubs", "/openapi", "/metrics"];

    /// <summary>How a token call appears in the audit log and as the run's operator.</summary>
    public static string UserName(string tokenName) => $"token:{tokenName}";
}
