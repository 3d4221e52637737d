using System.Buffers;
using Snapshot.Format.Layout;
using Snapshot.Format.Sections;

namespace Snapshot.Format.Chains;

/// <summary>
/// An image opened with every ancestor its PARENTS section names (format 1.3), each checked by image id, and attached
/// to the image's reader so that chunk references into them resolve. A full image is a chain of one.
/// </summary>
/// <remarks>
/// Ancestors are found by the file names in the child's PARENTS list, relative to the child's directory (an absolute
/// name as is). Each ancestor must have the id the child names, and its own PARENTS list must name exactly the rest
/// of the child's ancestors (by id: names are relative to each image's own directory), so that an ancestor's
/// references mean the same image the child's do.
/// </remarks>
public sealed partial class ImageChain : IDisposable
{
    /// <summary>The most ancestors an image may have.</summary>
    public const int MaxDepth = ParentsSection.MaxParents;

    private readonly ImageReader[] _ancestors;

    private ImageChain(ImageReader image, IReadOnlyList<ParentImage> parents, ImageReader[] ancestors, string[] paths)
    {
        Image = image;
        Parents = parents;
        _ancestors = ancestors;
        AncestorPaths = paths;
    }

    /// <summary>The image itself (the child), with its ancestors attached.</summary>
    public ImageReader Image { get; }

    /// <summary>The ancestors as the image's PARENTS section names them, nearest first; empty for a full image.</summary>
    public IReadOnlyList<ParentImage> Parents { get; }

    /// <summary>The opened ancestors, nearest first (entry k − 1 is the image a reference with ordinal k points into).</summary>
    public IReadOnlyList<ImageReader> Ancestors => _ancestors;

    /// <summary>The paths the ancestors were opened from, nearest first.</summary>
    public IReadOnlyList<string> AncestorPaths { get; }

    /// <summary>True when the image has ancestors.</summary>
    public bool IsIncremental => _ancestors.Length > 0;

    /// <summary>Opens the image at <paramref name="path"/> and every ancestor, checks the links, and attaches them.</summary>
    /// <exception cref="SnapshotFormatException">The image itself is not readable.</exception>
    /// <exception cref="ChainException">An ancestor is missing, unreadable, or not the image the chain names.</exception>
    public static ImageChain Open(string path)
    {
        ImageReader image = ImageReader.Open(path);
        var opened = new List<ImageReader>();
        try
        {
            IReadOnlyList<ParentImage> parents = ReadParents(image);
            var paths = new string[parents.Count];
            for (int k = 0; k < parents.Count; k++)
            {
                paths[k] = Resolve(path, parents[k].FileName);
                opened.Add(OpenAncestor(path, k, parents, paths[k], image));
            }
            ImageReader[] ancestors = [.. opened];
            if (ancestors.Length > 0)
                image.AttachAncestors(ancestors);
            return new ImageChain(image, parents, ancestors, paths);
        }
        catch
        {
            foreach (ImageReader ancestor in opened)
                ancestor.Dispose();
            image.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The PARENTS list a new image whose nearest parent is this chain's image would carry: this image's id and
    /// name, then this image's own ancestors, each named relative to <paramref name="childPath"/>'s directory when it
    /// lies there and by its path otherwise.
    /// </summary>
    /// <exception cref="ArgumentException">The new image would have more than <see cref="MaxDepth"/> ancestors.</exception>
    public IReadOnlyList<ParentImage> ParentsForChild(string childPath)
    {
        ArgumentNullException.ThrowIfNull(childPath);
        if (_ancestors.Length + 1 > MaxDepth)
            throw new ArgumentException($"{Image.Path} already has {_ancestors.Length} ancestors; a child would have more than {MaxDepth} (flatten it first: snapconv flatten)", nameof(childPath));
        var list = new List<ParentImage>(_ancestors.Length + 1) { new(ImageId.Compute(Image), NameFor(childPath, Image.Path)) };
        for (int k = 0; k < Parents.Count; k++)
            list.Add(new ParentImage(Parents[k].Id, NameFor(childPath, AncestorPaths[k])));
        return list;
    }

    /// <summary>
    /// The PARENTS list <paramref name="parents"/> of the image at <paramref name="imagePath"/>, named instead for a
    /// rewritten copy of it at <paramref name="newPath"/> (an upgrade): the same ids, each ancestor's name relative to
    /// the new directory when it lies there and by its path otherwise.
    /// </summary>
    public static IReadOnlyList<ParentImage> Relocate(string imagePath, IReadOnlyList<ParentImage> parents, string newPath)
    {
        ArgumentNullException.ThrowIfNull(imagePath);
        ArgumentNullException.ThrowIfNull(parents);
        ArgumentNullException.ThrowIfNull(newPath);
        return [.. parents.Select(parent => parent with { FileName = NameFor(newPath, Resolve(imagePath, parent.FileName)) })];
    }

    /// <summary>The PARENTS list of an open image (empty for a full image); the section is CRC-checked.</summary>
    /// <exception cref="SnapshotFormatException">The section is malformed, or it and the "parent-image" bit disagree.</exception>
    public static IReadOnlyList<ParentImage> ReadParents(ImageReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        bool marked = (reader.Header.Features.Incompatible & Features.IncompatParentImage) != 0;
        IndexEntry? entry = reader.Index.FirstOrDefault(e => e.Type == SectionType.Parents);
        if (entry is null)
        {
            if (marked)
                throw new SnapshotFormatException("PARENTS", null, "the header has the \"parent-image\" feature bit but the image has no PARENTS section");
            return [];
        }
        if (!marked)
            throw new SnapshotFormatException("PARENTS", entry.Offset, "the image has a PARENTS section but the header lacks the \"parent-image\" feature bit");
        byte[] buffer = reader.ReadSection(entry);
        try
        {
            return ParentsSection.Read(buffer.AsSpan(SectionLayout.HeaderLength, (int)entry.PayloadLength), entry.Offset + SectionLayout.HeaderLength);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Where an ancestor named <paramref name="fileName"/> by the image at <paramref name="childPath"/> lies.</summary>
    public static string Resolve(string childPath, string fileName)
    {
        ArgumentNullException.ThrowIfNull(childPath);
        ArgumentNullException.ThrowIfNull(fileName);
        if (Path.IsPathRooted(fileName))
            return fileName;
        string? directory = Path.GetDirectoryName(childPath);
        return string.IsNullOrEmpty(directory) ? fileName : Path.Combine(directory, fileName);
    }

    /// <summary>Closes the image and every ancestor.</summary>
    public void Dispose()
    {
        Image.Dispose();
        foreach (ImageReader ancestor in _ancestors)
            ancestor.Dispose();
    }

    /// <summary>An ancestor's name as a child at <paramref name="childPath"/> records it: a bare file name when they share a directory.</summary>
    private static string NameFor(string childPath, string ancestorPath)
    {
        string childDirectory = Path.GetDirectoryName(Path.GetFullPath(childPath)) ?? "";
        string ancestorDirectory = Path.GetDirectoryName(Path.GetFullPath(ancestorPath)) ?? "";
        return string.Equals(childDirectory, ancestorDirectory, StringComparison.Ordinal) ? Path.GetFileName(ancestorPath) : ancestorPath;
    }

    private static ImageReader OpenAncestor(string childPath, int k, IReadOnlyList<ParentImage> parents, string path, ImageReader child)
    {
        ParentImage named = parents[k];
        string which = $"parent image {path} (ancestor {k + 1} of {childPath})";
        ImageReader ancestor;
        try
        {
            ancestor = ImageReader.Open(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ChainException(path, $"{which} is missing; the child names image id {named.Id.Short}", named.Id, null, ex);
        }
        catch (Exception ex) when (ex is SnapshotFormatException or IOException or UnauthorizedAccessException)
        {
            throw new ChainException(path, $"{which} cannot be read: {ex.Message}", named.Id, null, ex);
        }

        try
        {
            Hash256 actual = ImageId.Compute(ancestor);
            if (actual != named.Id)
                throw new ChainException(path, $"{which} has image id {actual.Short}, but the child names {named.Id.Short}: it was replaced or rewritten", named.Id, actual);
            // Memory does not depend on the kernel build (an upgraded child keeps its ancestors), but its geometry does.
            if (ancestor.PagesPerChunk != child.PagesPerChunk || ancestor.Header.Build.PageSize != child.Header.Build.PageSize)
                throw new ChainException(path, $"{which}, image id {actual.Short}, has {ancestor.PagesPerChunk} pages of {ancestor.Header.Build.PageSize} bytes per chunk, the child {child.PagesPerChunk} of {child.Header.Build.PageSize}", named.Id, actual);
            IReadOnlyList<ParentImage> own;
            try
            {
                own = ReadParents(ancestor);
            }
            catch (SnapshotFormatException ex)
            {
                throw new ChainException(path, $"{which} cannot be read: {ex.Message}", named.Id, actual, ex);
            }
            CheckLink(which, path, k, parents, own, actual);
            return ancestor;
        }
        catch
        {
            ancestor.Dispose();
            throw;
        }
    }

    /// <summary>The ancestor's own list must be the rest of the child's, id for id.</summary>
    private static void CheckLink(string which, string path, int k, IReadOnlyList<ParentImage> parents, IReadOnlyList<ParentImage> own, Hash256 actual)
    {
        int expected = parents.Count - k - 1;
        for (int j = 0; j < Math.Max(expected, own.Count); j++)
        {
            Hash256? mine = j < expected ? parents[k + 1 + j].Id : null;
            Hash256? theirs = j < own.Count ? own[j].Id : null;
            if (mine == theirs)
                continue;
            string childSays = mine is { } m ? $"names image id {m.Short} for its ancestor {k + 2 + j}" : $"names no ancestor {k + 2 + j}";
            string ancestorSays = theirs is { } t ? $"names {t.Short} as its ancestor {j + 1}" : $"names no ancestor {j + 1}";
            throw new ChainException(path, $"{which}, image id {actual.Short}, {ancestorSays}, but the child {childSays}: the chain is broken", mine, theirs);
        }
    }
}
