using System.Text.Json.Nodes;

namespace VirtSriov.Core.Libvirt.Agent;

/// <summary>The QEMU guest agent commands the product sends, as JSON (qemu-ga's QMP schema), and the replies it reads.</summary>
public static class GuestAgentCommands
{
    public static string Ping() => Command("guest-ping", null);

    /// <summary>Runs <paramref name="path"/> with an argument list (no shell); the reply's <c>pid</c> is for <see cref="ExecStatus"/>.</summary>
    public static string Exec(string path, IReadOnlyList<string> arguments)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(arguments);
        return Command("guest-exec", new JsonObject
        {
            ["path"] = path,
            ["arg"] = new JsonArray([.. arguments.Select(a => JsonValue.Create(a))]),
            ["capture-output"] = false,
        });
    }

    public static string ExecStatus(long pid) => Command("guest-exec-status", new JsonObject { ["pid"] = pid });

    /// <summary><paramref name="mode"/> as fopen's: "r", "w", "a".</summary>
    public static string FileOpen(string path, string mode)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(mode);
        return Command("guest-file-open", new JsonObject { ["path"] = path, ["mode"] = mode });
    }

    public static string FileRead(long handle, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return Command("guest-file-read", new JsonObject { ["handle"] = handle, ["count"] = count });
    }

    public static string FileClose(long handle) => Command("guest-file-close", new JsonObject { ["handle"] = handle });

    /// <summary>The <c>return</c> member of a reply.</summary>
    /// <exception cref="FormatException">The reply is not JSON or has no <c>return</c>.</exception>
    public static JsonNode Return(string reply)
    {
        try
        {
            return JsonNode.Parse(reply)?["return"] ?? throw new FormatException($"The guest agent's reply has no \"return\": {Shorten(reply)}");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new FormatException($"The guest agent's reply is not JSON: {Shorten(reply)}", e);
        }
    }

    public static long ExecPid(string reply) => Return(reply)["pid"]?.GetValue<long>() ?? throw new FormatException($"guest-exec replied without a pid: {Shorten(reply)}");

    public static GuestExecStatus ParseExecStatus(string reply)
    {
        var value = Return(reply);
        return new GuestExecStatus(
            value["exited"]?.GetValue<bool>() ?? throw new FormatException($"guest-exec-status replied without \"exited\": {Shorten(reply)}"),
            value["exitcode"]?.GetValue<int>(),
            value["signal"]?.GetValue<int>());
    }

    /// <summary>The handle of an opened file: the reply's <c>return</c> is the number itself.</summary>
    public static long FileHandle(string reply) => Return(reply).GetValue<long>();

    public static GuestFileChunk ParseFileRead(string reply)
    {
        var value = Return(reply);
        var data = value["buf-b64"]?.GetValue<string>() ?? "";
        return new GuestFileChunk(Convert.FromBase64String(data), value["eof"]?.GetValue<bool>() ?? false);
    }

    private static string Command(string name, JsonObject? arguments)
    {
        var command = new JsonObject { ["execute"] = name };
        if (arguments is not null)
        {
            command["arguments"] = arguments;
        }

        return command.ToJsonString();
    }

    private static string Shorten(string reply) => reply.Length <= 200 ? reply : reply[..200] + "…";
}
