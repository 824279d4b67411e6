namespace VirtSriov.Core.Tokens;

/// <summary>What an API token may do.</summary>
public enum ApiTokenScope
{
    /// <summary>Reads labs, runs, plans, events, metrics; changes nothing.</summary>
    ReadOnly,

    /// <summary>Everything a signed-in operator can do through the API: create, apply, tear down, edit labs.</summary>
    Operator,
}
