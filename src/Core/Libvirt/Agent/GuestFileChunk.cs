namespace VirtSriov.Core.Libvirt.Agent;

/// <summary>Bytes read from a file in the guest; <paramref name="EndOfFile"/> when the read reached its current end.</summary>
public sealed record GuestFileChunk(byte[] Bytes, bool EndOfFile);
