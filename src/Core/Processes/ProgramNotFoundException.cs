namespace VirtSriov.Core.Processes;

public sealed class ProgramNotFoundException : Exception
{
    public ProgramNotFoundException(string file, Exception? inner = null)
        : base($"Program '{file}' was not found on PATH.", inner)
    {
        File = file;
    }

    public ProgramNotFoundException()
        : this("")
    {
    }

    public string File { get; }
}
