using System.Text;

namespace VirtSriov.Core.Cluster.Manifests;

/// <summary>A file Ignition writes: path, mode (decimal, e.g. 420 = 0644) and contents as a data URL.</summary>
public sealed record IgnitionFile
{
    /// <summary>0644: root writes, everyone reads.</summary>
    public const int ReadableByAll = 420;

    public string Path { get; set; } = "";

    public int Mode { get; set; } = ReadableByAll;

    public bool Overwrite { get; set; } = true;

    public IgnitionFileContents Contents { get; set; } = new();

    /// <summary>A file whose contents are <paramref name="text"/>, carried base64-encoded so no character needs escaping.</summary>
    public static IgnitionFile WithText(string path, string text) => new()
    {
        Path = path,
        Contents = new IgnitionFileContents
        {
            Source = "data:text/plain;charset=utf-8;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(text)),
        },
    };
}
