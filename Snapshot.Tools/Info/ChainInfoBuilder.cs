using Snapshot.Format;
using Snapshot.Format.Chains;

namespace Snapshot.Tools.Info;

/// <summary>
/// The chain of an incremental image (format 1.3) as snapinfo shows it: each ancestor PARENTS names, nearest first,
/// with whether the file is there and is the image named (its id read from its header and index only), and whether the
/// whole chain resolves as a restore would resolve it.
/// </summary>
internal static class ChainInfoBuilder
{
    public const string Complete = "complete";

    /// <summary>Null for a full image; for an image read from standard input the ancestors are listed but not looked for.</summary>
    public static ChainInfo? Build(string? imagePath, IReadOnlyList<ParentImage> parents)
    {
        if (parents.Count == 0)
        {
            return null;
        }

        if (imagePath is null)
        {
            return new ChainInfo("not checked (standard input)",
                [.. parents.Select((parent, i) => new ChainLinkInfo(i + 1, parent.FileName, null, parent.Id.ToString(), "not checked"))]);
        }

        var links = parents.Select((parent, i) => Link(imagePath, i + 1, parent)).ToList();
        return new ChainInfo(Resolve(imagePath), links);
    }

    private static ChainLinkInfo Link(string imagePath, int ordinal, ParentImage parent)
    {
        var path = ImageChain.Resolve(imagePath, parent.FileName);
        string status;
        try
        {
            var found = ImageId.Compute(path);
            status = found == parent.Id ? "ok" : $"another image (id {found.Short})";
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            status = "missing";
        }
        catch (Exception ex) when (ex is SnapshotFormatException or IOException or UnauthorizedAccessException)
        {
            status = $"unreadable: {ex.Message}";
        }

        return new ChainLinkInfo(ordinal, parent.FileName, path, parent.Id.ToString(), status);
    }

    /// <summary>"complete", or the one-line error a reader of the image would give.</summary>
    private static string Resolve(string imagePath)
    {
        try
        {
            using var chain = ImageChain.Open(imagePath);
            return Complete;
        }
        catch (ChainException ex)
        {
            return ex.Message;
        }
    }
}
