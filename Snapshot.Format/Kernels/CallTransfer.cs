namespace Snapshot.Format.Kernels;

/// <summary>
/// A data transfer or memory share a call carries. Long data transfers proceed in steps (as in Fluke), so
/// <see cref="Done"/> records how many bytes were already copied; restore continues from there.
/// </summary>
/// <param name="Kind">"data_write", "data_read", "share_out" or "share_in" (names of the build's "transfer_kind" enum).</param>
/// <param name="ClientAddress">The sender's buffer (data) or area base (share).</param>
/// <param name="ServerAddress">The receiver's buffer or area base once it finalized the transfer, else 0.</param>
/// <param name="Size">Bytes to transfer, or the size of the shared area.</param>
/// <param name="Done">Bytes copied so far (always 0 for shares).</param>
public sealed record CallTransfer(string Kind, ulong ClientAddress, ulong ServerAddress, ulong Size, ulong Done);
