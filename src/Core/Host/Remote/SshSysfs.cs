using Renci.SshNet;
using Renci.SshNet.Common;
using VirtSriov.Core.Processes;

namespace VirtSriov.Core.Host.Remote;

/// <summary>
/// The lab host's filesystem over SSH, under a root folder on that host (<c>/</c> for a hypervisor). Single reads,
/// listings and links go through SFTP (one round trip each, no process started); writes run on the host's shell,
/// because SFTP reports every kernel errno other than ENOENT and EACCES as "Failure", and the steps need EBUSY, ERANGE,
/// EINVAL. Under a slow host every round trip counts, so a <see cref="Snapshot"/> reads whole device folders in one
/// command and <see cref="WriteAll"/> makes several writes in one; both run constant scripts that take the paths and
/// values as arguments, never as script text.
/// </summary>
public sealed class SshSysfs(SshConnection connection, string root = "/") : ISysfs
{
    /// <summary>
    /// $1: the attribute names, $2: the subfolder patterns (our own constants, split on blanks); then the folders. Adds
    /// each folder's pattern matches that are folders (printing "X", path), then prints NUL-separated records: "F", path,
    /// first line of each attribute that could be read; then, from find, type and depth, path, link target of each
    /// folder (depth 0, links followed) and of each entry in it (depth 1, links not followed).
    /// </summary>
    private const string SnapshotScript = """
        cd / || exit 1
        names=$1; patterns=$2; shift 2
        set -f
        for d do
          for p in $patterns; do
            set +f
            for e in "$d"/$p; do
              if [ -d "$e" ]; then set -- "$@" "$e"; printf 'X\0%s\0\0' "$e"; fi
            done
            set -f
          done
        done
        for d do
          for n in $names; do
            v=
            if [ -f "$d/$n" ] && { IFS= read -r v || [ -n "$v" ]; } < "$d/$n" 2>/dev/null; then
              printf 'F\0%s/%s\0%s\0' "$d" "$n" "$v"
            fi
          done
        done
        find -H "$@" -maxdepth 1 -printf '%y%d\0%p\0%l\0' 2>/dev/null
        exit 0
        """;

    /// <summary>
    /// Pairs of path and value: each written with one write() as <c>echo &gt; attr</c> does (bash's printf, which reports the
    /// kernel's errno; dash's says only "I/O error"), only into an existing attribute; at the first refusal prints the
    /// pair's index and exits 1 with bash's message on stderr.
    /// </summary>
    private const string WriteAllScript = """
        i=0
        while (( $# > 1 )); do
          if [[ ! -e $1 ]]; then echo "$i"; echo "bash: $1: No such file or directory" >&2; exit 1; fi
          if ! printf '%s' "$2" > "$1"; then echo "$i"; exit 1; fi
          shift 2; i=$((i + 1))
        done
        """;

    public bool IsSimulated => false;

    public ISysfs Snapshot(IReadOnlyList<string> folders, IReadOnlyList<string> attributes, IReadOnlyList<string> subfolders)
    {
        ArgumentNullException.ThrowIfNull(folders);
        ArgumentNullException.ThrowIfNull(attributes);
        ArgumentNullException.ThrowIfNull(subfolders);
        var full = folders.Select(f => MapPath(f.Length > 1 ? f.TrimEnd('/') : f)).ToList();
        var command = ShellQuote.Join("sh", ["-c", SnapshotScript, "sh", string.Join(' ', attributes), string.Join(' ', subfolders), .. full]);
        var output = connection.Run($"read {string.Join(", ", folders)}", client =>
        {
            using var run = client.CreateCommand(command);
            run.Execute();
            _ = SshProcessRunner.ExitCode(run);
            return run.Result;
        });

        var records = output.Split('\0').Chunk(3).Where(r => r.Length == 3).Select(r => (Kind: r[0], Path: HostPath(r[1]), Value: r[2])).ToList();
        var links = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var link in records.Where(r => r.Kind == "l1"))
        {
            links[link.Path] = link.Value;
        }

        // A matched subfolder that is a link (virtfn0 → ../0000:00:14.0) stands for the folder it points to.
        var found = records.Where(r => r.Kind == "X")
            .Select(r => (Seen: r.Path, Folder: links.TryGetValue(r.Path, out var target) ? Path.GetFullPath(Path.Combine(Path.GetDirectoryName(r.Path)!, target)) : r.Path))
            .OrderByDescending(m => m.Seen.Length)
            .ToList();
        var snapshot = new SysfsFolderSnapshot(this, [.. folders.Select(f => f.Length > 1 ? f.TrimEnd('/') : f)], attributes);
        foreach (var (kind, seen, value) in records.Where(r => r.Kind != "X"))
        {
            // Below a matched link (depth 0 is the link's folder itself): the folder it points to.
            var path = found.FirstOrDefault(m => (kind == "d0" && seen == m.Seen) || seen.StartsWith(m.Seen + "/", StringComparison.Ordinal)) is { Seen: not null } match
                ? match.Folder + seen[match.Seen.Length..]
                : seen;
            switch (kind)
            {
                case "F":
                    snapshot.AddText(path, value + "\n");
                    break;
                case "d0":
                    snapshot.AddFolder(path);
                    break;
                case ['l', '1']:
                    snapshot.AddEntry(path, value);
                    break;
                case [_, '1']:
                    snapshot.AddEntry(path, null);
                    break;
            }
        }

        return snapshot;
    }

    public void WriteAll(IReadOnlyList<SysfsWrite> writes)
    {
        ArgumentNullException.ThrowIfNull(writes);
        if (writes.Count == 0)
        {
            return;
        }

        var command = ShellQuote.Join("bash", ["-c", WriteAllScript, "bash", .. writes.SelectMany(w => new[] { MapPath(w.Path), w.Value })]);
        var result = connection.Run($"write {string.Join(", ", writes.Select(w => w.Path))}", client =>
        {
            using var run = client.CreateCommand(command);
            run.Execute();
            return new ProcessResult(SshProcessRunner.ExitCode(run), run.Result, run.Error);
        });

        if (result.Succeeded)
        {
            return;
        }

        if (!int.TryParse(result.StandardOutput.Trim(), System.Globalization.CultureInfo.InvariantCulture, out var failed) || failed < 0 || failed >= writes.Count)
        {
            throw new IOException($"The writes to {string.Join(", ", writes.Select(w => w.Path))} failed on the host (exit {result.ExitCode}): {result.StandardError.Trim()}");
        }

        throw Refused(writes[failed].Path, writes[failed].Value, result.StandardError);
    }

    public bool Exists(string path)
    {
        var full = MapPath(path);
        return connection.Sftp($"stat {full}", sftp => sftp.Exists(full));
    }

    public string ReadText(string path)
    {
        var full = MapPath(path);
        return connection.Sftp($"read {full}", sftp => Translate(full, () => sftp.ReadAllText(full)));
    }

    public void WriteText(string path, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var full = MapPath(path);

        // One write() of the whole value, into the existing attribute only (nocreat, notrunc), as RealSysfs does.
        var command = $"printf '%s' {ShellQuote.Quote(value)} | dd of={ShellQuote.Quote(full)} bs=4096 conv=notrunc,nocreat status=none";
        var result = connection.Run($"write {full}", client =>
        {
            using var run = client.CreateCommand(command);
            run.Execute();
            return new ProcessResult(SshProcessRunner.ExitCode(run), run.Result, run.Error);
        });

        if (!result.Succeeded)
        {
            throw Refused(path, value, result.StandardError);
        }
    }

    /// <summary>dd and bash end their message with the kernel's strerror: "dd: error writing '/sys/…': Device or resource busy".</summary>
    private static SysfsWriteException Refused(string path, string value, string standardError)
    {
        var message = standardError.Trim().Split('\n')[^1];
        var errno = LinuxErrno.NameOf(message[(message.LastIndexOf(": ", StringComparison.Ordinal) + 1)..]);
        return new SysfsWriteException(path, value, errno, LinuxErrno.Describe(errno));
    }

    public IReadOnlyList<string> List(string directory)
    {
        var full = MapPath(directory);
        return connection.Sftp($"list {full}", sftp =>
        {
            try
            {
                return (IReadOnlyList<string>)[.. sftp.ListDirectory(full).Select(f => f.Name).Where(n => n is not "." and not "..").Order(StringComparer.Ordinal)];
            }
            catch (SftpPathNotFoundException)
            {
                return [];
            }
        });
    }

    /// <summary>
    /// SFTP's realpath follows the link; the target is returned relative to the link's folder, as the kernel writes
    /// sysfs links (<c>../0000:3b:02.0</c>, <c>../../../bus/pci/drivers/vfio-pci</c>).
    /// </summary>
    public string? ReadLink(string path)
    {
        var full = MapPath(path);
        return connection.Sftp($"readlink {full}", sftp =>
        {
            var folder = Canonical(sftp, Path.GetDirectoryName(full)!);
            var target = Canonical(sftp, full);
            if (folder is null || target is null || target == $"{folder.TrimEnd('/')}/{Path.GetFileName(full)}")
            {
                return null;
            }

            return Path.GetRelativePath(folder, target);
        });
    }

    private string MapPath(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!path.StartsWith('/') || path.Split('/').Any(segment => segment == ".."))
        {
            throw new ArgumentException($"'{path}' is not an absolute host path without '..'.", nameof(path));
        }

        return root == "/" ? path : root.TrimEnd('/') + path;
    }

    /// <summary>The host path of a path under the root (the inverse of <see cref="MapPath"/>).</summary>
    private string HostPath(string full) => root == "/" ? full : full[root.TrimEnd('/').Length..];

    /// <summary>The path with every link resolved, or null when it does not exist.</summary>
    private static string? Canonical(SftpClient sftp, string path)
    {
        try
        {
            return sftp.Get(path).FullName;
        }
        catch (SftpPathNotFoundException)
        {
            return null;
        }
    }

    /// <summary>SFTP's errors as the ones <see cref="RealSysfs"/> throws, so callers catch the same exceptions.</summary>
    private static T Translate<T>(string path, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (SftpPathNotFoundException e)
        {
            throw new FileNotFoundException($"{path} does not exist on the host.", path, e);
        }
        catch (SftpPermissionDeniedException e)
        {
            throw new UnauthorizedAccessException($"{path}: permission denied on the host.", e);
        }
        catch (SshException e) when (e is not SshConnectionException)
        {
            throw new IOException($"{path} could not be read on the host: {e.Message}", e);
        }
    }
}
