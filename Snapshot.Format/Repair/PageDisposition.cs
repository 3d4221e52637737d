namespace Snapshot.Format.Repair;

/// <summary>What a repair did with pages whose content was lost.</summary>
public enum PageDisposition : byte
{
    /// <summary>The pages are missing from the image (they read as zero, but their content is unknown).</summary>
    Dropped = 0,

    /// <summary>The pages were deliberately replaced by zero pages (snaprepair --zero-damaged).</summary>
    ZeroFilled = 1,
}
