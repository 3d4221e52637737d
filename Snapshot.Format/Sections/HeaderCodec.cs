using System.Buffers.Binary;
using Snapshot.Format.Binary;
using Snapshot.Format.Layout;

namespace Snapshot.Format.Sections;

/// <summary>Writes and parses the image header.</summary>
internal static class HeaderCodec
{
    private const string Section = "header";

    /// <summary>What the first 48 bytes say, checked before the rest of the header is read.</summary>
    public readonly record struct Prefix(FormatVersion Version, int HeaderLength);

    public static byte[] Write(KernelBuildStamp build, FeatureSet features, IReadOnlyList<FeatureName> names, int pagesPerChunk)
    {
        var writer = new PayloadWriter();
        writer.Bytes(HeaderLayout.Magic);
        FormatVersion version = FormatVersion.For(features);
        writer.U16(version.Major);
        writer.U16(version.Minor);
        writer.U32(0); // header length, patched below
        writer.U64(features.Incompatible);
        writer.U64(features.Compatible);
        writer.U64(features.Autoclear);
        writer.U32(0); // CRC, patched below
        writer.U32((uint)pagesPerChunk);
        writer.U32(build.PageSize);
        writer.U32(0);
        writer.Hash(build.BuildId);
        writer.String(build.KernelName, "kernel name");
        writer.String(build.Version, "kernel version");
        writer.String(build.Architecture, "architecture");
        writer.U16((ushort)names.Count);
        foreach (FeatureName name in names)
        {
            writer.U8((byte)name.Kind);
            writer.U8(name.Bit);
            writer.String(name.Name, "feature name");
        }
        writer.Zeros(SectionLayout.PaddingAfter(writer.Length));
        if (writer.Length > FormatLimits.MaxHeaderLength)
            throw new ArgumentException($"the header would be {writer.Length} bytes, more than {FormatLimits.MaxHeaderLength}");

        byte[] header = writer.WrittenSpan.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(HeaderLayout.LengthOffset), (uint)header.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(HeaderLayout.CrcOffset), ComputeCrc(header));
        return header;
    }

    /// <summary>Checks magic, major version and header length from the fixed part.</summary>
    public static Prefix ParsePrefix(ReadOnlySpan<byte> fixedPart, long fileLength)
    {
        if (fixedPart.Length < HeaderLayout.FixedLength)
            FormatThrow.Invalid(Section, 0, $"not a snapshot image: {fixedPart.Length} bytes is shorter than a header");
        if (!fixedPart[..HeaderLayout.MagicLength].SequenceEqual(HeaderLayout.Magic))
            FormatThrow.Invalid(Section, 0, "not a snapshot image (bad magic)");
        var version = new FormatVersion(
            BinaryPrimitives.ReadUInt16LittleEndian(fixedPart[HeaderLayout.MajorOffset..]),
            BinaryPrimitives.ReadUInt16LittleEndian(fixedPart[HeaderLayout.MinorOffset..]));
        if (version.Major != FormatVersion.Current.Major)
            FormatThrow.Invalid(Section, HeaderLayout.MajorOffset,
                $"format version {version} is not supported (this reader knows {FormatVersion.Current.Major}.x)");
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(fixedPart[HeaderLayout.LengthOffset..]);
        if (length < HeaderLayout.KernelNameOffset || length > FormatLimits.MaxHeaderLength || length % HeaderLayout.Alignment != 0)
            FormatThrow.Invalid(Section, HeaderLayout.LengthOffset,
                $"header length {length} is invalid (a multiple of 8 from {HeaderLayout.KernelNameOffset} to {FormatLimits.MaxHeaderLength})");
        if (length > fileLength)
            FormatThrow.Invalid(Section, HeaderLayout.LengthOffset, $"header length {length} exceeds the file length {fileLength}");
        return new Prefix(version, (int)length);
    }

    public static uint ComputeCrc(ReadOnlySpan<byte> header)
    {
        uint state = Crc32C.Update(Crc32C.Initial, header[..HeaderLayout.CrcOffset]);
        state = Crc32C.Update(state, [0, 0, 0, 0]);
        return Crc32C.Finish(Crc32C.Update(state, header[(HeaderLayout.CrcOffset + 4)..]));
    }

    public static uint StoredCrc(ReadOnlySpan<byte> header) =>
        BinaryPrimitives.ReadUInt32LittleEndian(header[HeaderLayout.CrcOffset..]);

    /// <summary>Parses the whole header (CRC checked first); does not judge feature bits, see <see cref="CheckFeatures"/>.</summary>
    public static (ImageHeader Header, int PagesPerChunk) Parse(ReadOnlySpan<byte> header, FormatVersion version)
    {
        uint stored = StoredCrc(header);
        uint computed = ComputeCrc(header);
        if (stored != computed)
            FormatThrow.CrcMismatch(Section, HeaderLayout.CrcOffset, "header", stored, computed);
        return ParseFields(header, version);
    }

    /// <summary>Parses the fields without the CRC check (for the validator, which reports the CRC separately).</summary>
    public static (ImageHeader Header, int PagesPerChunk) ParseFields(ReadOnlySpan<byte> header, FormatVersion version)
    {
        var features = new FeatureSet(
            BinaryPrimitives.ReadUInt64LittleEndian(header[HeaderLayout.IncompatibleOffset..]),
            BinaryPrimitives.ReadUInt64LittleEndian(header[HeaderLayout.CompatibleOffset..]),
            BinaryPrimitives.ReadUInt64LittleEndian(header[HeaderLayout.AutoclearOffset..]));
        uint pagesPerChunk = BinaryPrimitives.ReadUInt32LittleEndian(header[HeaderLayout.PagesPerChunkOffset..]);
        if (pagesPerChunk is 0 or > FormatLimits.MaxPagesPerChunk)
            FormatThrow.Invalid(Section, HeaderLayout.PagesPerChunkOffset, $"pages per chunk {pagesPerChunk} is not in 1..{FormatLimits.MaxPagesPerChunk}");

        var reader = new PayloadReader(header[HeaderLayout.PageSizeOffset..], Section, HeaderLayout.PageSizeOffset);
        long pageSizeAt = reader.Offset;
        uint pageSize = reader.U32();
        if (!FormatLimits.IsValidPageSize(pageSize))
            FormatThrow.Invalid(Section, pageSizeAt, $"page size {pageSize} is not a power of two from 4 KiB to 64 KiB");
        reader.Reserved(4);
        Hash256 buildId = reader.Hash();
        string kernel = reader.String("kernel name");
        string kernelVersion = reader.String("kernel version");
        string architecture = reader.String("architecture");

        long countAt = reader.Offset;
        ushort count = reader.U16();
        if (count > FormatLimits.MaxFeatureNames)
            FormatThrow.Invalid(Section, countAt, $"feature name count {count} exceeds {FormatLimits.MaxFeatureNames}");
        var names = new List<FeatureName>(count);
        for (int i = 0; i < count; i++)
        {
            long at = reader.Offset;
            byte kind = reader.U8();
            byte bit = reader.U8();
            if (kind > (byte)FeatureKind.Autoclear || bit > 63)
                FormatThrow.Invalid(Section, at, $"feature name entry {i} has kind {kind} bit {bit}");
            names.Add(new FeatureName((FeatureKind)kind, bit, reader.String("feature name")));
        }

        // Up to the minor this reader knows the header ends with zero padding; a higher minor may append fields it skips.
        if (version.Minor <= FormatVersion.Current.Minor)
            reader.Reserved(reader.Remaining);

        var build = new KernelBuildStamp(kernel, kernelVersion, buildId, architecture, pageSize);
        return (new ImageHeader(version, features, build, names), (int)pagesPerChunk);
    }

    /// <summary>Refuses unknown incompatible bits, naming them from the image's name table.</summary>
    public static void CheckFeatures(ImageHeader header)
    {
        ulong unknown = header.Features.Incompatible & ~Features.KnownIncompatible;
        if (unknown == 0)
            return;
        var missing = new List<string>();
        for (int bit = 0; bit < 64; bit++)
        {
            if ((unknown & (1UL << bit)) != 0)
            {
                string name = header.DescribeFeature(FeatureKind.Incompatible, bit);
                missing.Add(name.StartsWith("bit ", StringComparison.Ordinal) ? name : $"\"{name}\" (bit {bit})");
            }
        }
        FormatThrow.Invalid(Section, HeaderLayout.IncompatibleOffset,
            $"image uses incompatible feature{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)} that this reader does not support");
    }
}
