using Snapshot.Format.Sections;

namespace Snapshot.Format;

/// <summary>Incremental images (format 1.3): the PARENTS section and the feature bits that announce it.</summary>
public sealed partial class ImageWriter
{
    /// <summary>
    /// An image with <see cref="ImageWriterOptions.Parents"/> gets the "parent-image" bit (it names ancestors) and the
    /// "chunk-references" bit (its unchanged chunks are CHUNKREFs into them), with their names. The header is written
    /// first, so both are decided here.
    /// </summary>
    private static void AddParentFeatures(ImageWriterOptions? options, ref ulong incompatible, List<FeatureName> names)
    {
        if (options?.Parents is not { } parents)
            return;
        ParentsSection.Check(parents);
        if (options.Compatibility < FormatVersion.V1_3)
            throw new ArgumentException($"an incremental image needs format 1.3; compatibility {options.Compatibility} cannot name parents", nameof(options));
        AddIncompatible(Features.IncompatChunkReferences, ref incompatible, names);
        AddIncompatible(Features.IncompatParentImage, ref incompatible, names);
    }

    /// <summary>Writes the PARENTS section, the first after the header, when the image is incremental.</summary>
    private void WriteParents()
    {
        if (_options.Parents is not { } parents)
            return;
        _payload.Clear();
        ParentsSection.Write(_payload, parents);
        WriteSection(SectionType.Parents, _payload.WrittenSpan, taskId: 0);
    }
}
