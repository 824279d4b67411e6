namespace VirtSriov.Core;

/// <summary>
/// Where the dashboard and the local CLI keep the database, keys and simulated lab unless told otherwise:
/// /var/lib/virtsriov for root, $XDG_DATA_HOME/virtsriov (~/.local/share/virtsriov) for anyone else.
/// </summary>
public static class DefaultDataDirectory
{
    public static string Resolve()
    {
        if (Environment.UserName == "root")
        {
            return "/var/lib/virtsriov";
        }

        var dataHome = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        return Path.Combine(
            string.IsNullOrEmpty(dataHome) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share") : dataHome,
            "virtsriov");
    }
}
