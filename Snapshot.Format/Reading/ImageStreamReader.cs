using System.Buffers;
using Snapshot.Format.Binary;
using Snapshot.Format.Layout;
using Snapshot.Format.Reading;
using Snapshot.Format.Sections;

namespace Snapshot.Format;

/// <summary>
/// Reads an image from a non-seekable stream (a pipe, stdin) in one pass, front to back. It accepts exactly
/// the images <see cref="ImageReader"/> accepts: every section is CRC-checked, the index must list exactly
/// the sections seen, and the footer must point at it. A section whose length exceeds the limits is
/// refused before its bytes are awaited.
/// </summary>
/// <remarks>
/// A CHUNKREF (format 1.3) is checked against the sections seen: its target must be an earlier MEMCHUNK with its page
/// count and content hash. Handing its pages to <c>onChunk</c> needs the target's bytes again: on a seekable stream the
/// reader seeks back for them, on a pipe it refuses (it keeps no earlier chunk), as it refuses a reference into an
/// ancestor image, which a stream cannot reach.
/// </remarks>
public static class ImageStreamReader
{
    /// <summary>Reads the metadata; each memory chunk is decoded, hash-checked and passed to <paramref name="onChunk"/> when given (otherwise only CRC-checked).</summary>
    /// <param name="stream">The image, read once from its first byte to its last.</param>
    /// <param name="onChunk">Receives each memory chunk, decoded and hash-checked, in stream order.</param>
    /// <param name="onSection">
    /// Receives the frame of each section before the index, in stream order, once its payload is CRC-checked:
    /// the same <see cref="IndexEntry"/> the image's index holds for it (a stream has no index to consult up front,
    /// so this is how a one-pass reader learns offsets, lengths and CRCs). Sections the reader does not know carry
    /// only their framing (identity fields zero), as in <see cref="ImageReader"/>'s index.
    /// </param>
    /// <param name="onPagesPerChunk">Receives the chunk geometry from the header, before any section (a reader that
    /// lists chunks without their pages needs it, and a pipe cannot be asked twice).</param>
    /// <exception cref="SnapshotFormatException">The stream is not a well-formed image.</exception>
    public static ImageMetadata Read(Stream stream, Action<MemoryChunk>? onChunk = null, Action<IndexEntry>? onSection = null,
                                     Action<int>? onPagesPerChunk = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var source = new StreamSource(stream);
        long origin = stream.CanSeek ? stream.Position : 0;

        Span<byte> fixedPart = stackalloc byte[HeaderLayout.FixedLength];
        source.Read(fixedPart, "header");
        HeaderCodec.Prefix prefix = HeaderCodec.ParsePrefix(fixedPart, long.MaxValue);
        byte[] headerBytes = new byte[prefix.HeaderLength];
        fixedPart.CopyTo(headerBytes);
        source.Read(headerBytes.AsSpan(HeaderLayout.FixedLength), "header");
        (ImageHeader header, int pagesPerChunk) = HeaderCodec.Parse(headerBytes, prefix.Version);
        onPagesPerChunk?.Invoke(pagesPerChunk);
        HeaderCodec.CheckFeatures(header);

        var assembler = new MetadataAssembler();
        var seen = new List<IndexEntry>();
        Span<byte> frame = stackalloc byte[SectionLayout.HeaderLength];
        while (true)
        {
            long offset = source.Position;
            source.Read(frame, "section");
            SectionHeader section = SectionHeader.Parse(frame, offset);
            if (section.Type == SectionType.Index)
            {
                ReadIndex(source, section, offset, seen);
                break;
            }
            IndexEntry entry = section.Type == SectionType.ChunkReference && SectionNames.IsKnown(section.Type, section.Version)
                ? ReadReference(source, section, offset, new StreamContext(stream, origin, header, pagesPerChunk, seen), onChunk)
                : ReadSection(source, section, offset, header, pagesPerChunk, assembler, onChunk);
            seen.Add(entry);
            onSection?.Invoke(entry);
        }

        long footerOffset = source.Position;
        Span<byte> footer = stackalloc byte[FooterLayout.Length];
        source.Read(footer, "footer");
        Footer.Parse(footer, footerOffset, prefix.HeaderLength, pagesPerChunk);
        if (!source.AtEnd())
            FormatThrow.Invalid("footer", footerOffset + FooterLayout.Length, "data after the footer");
        return assembler.Build(header, footerOffset);
    }

    private static IndexEntry ReadSection(StreamSource source, SectionHeader section, long offset, ImageHeader header,
        int pagesPerChunk, MetadataAssembler assembler, Action<MemoryChunk>? onChunk)
    {
        bool known = SectionNames.IsKnown(section.Type, section.Version);
        if (!known && section.IsCritical)
            FormatThrow.Invalid(section.Name, offset, $"critical section type {section.Name} version {section.Version} is not supported by this reader");
        IndexEntry entry = IndexEntry.Of(section, offset);
        if (!known)
        {
            // Skipped, but still CRC-checked so that the stream reader accepts what the file reader accepts.
            uint state = source.Skip(section.PayloadLength, Crc32C.Initial, section.Name);
            CheckCrc(section, offset, Crc32C.Finish(state));
            ReadPadding(source, section);
            return entry;
        }
        if (section.PayloadLength > section.PayloadLimit)
            FormatThrow.Invalid(section.Name, offset, $"payload length {section.PayloadLength} exceeds the limit {section.PayloadLimit}");

        int length = (int)section.PayloadLength;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            Span<byte> payload = buffer.AsSpan(0, length);
            source.Read(payload, section.Name);
            CheckCrc(section, offset, Crc32C.Compute(payload));
            ReadPadding(source, section);
            long payloadOffset = offset + SectionLayout.HeaderLength;
            if (section.Type != SectionType.MemoryChunk)
            {
                assembler.Add(section.Type, payload, offset);
                return entry with { TaskId = TaskIdOf(section.Type, payload) };
            }

            ChunkHeader chunk = ChunkHeader.Parse(payload, length, payloadOffset, header.Build.PageSize, pagesPerChunk, section.Version);
            if (onChunk is not null)
                onChunk(ChunkDecoder.Decode(chunk, payload, payloadOffset, pagesPerChunk, verifyContentHash: true));
            return entry.With(chunk);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Reads a CHUNKREF, checks it against the MEMCHUNK it names among the sections seen, and (with
    /// <paramref name="onChunk"/>) hands on the target's pages read again from a seekable stream.
    /// </summary>
    private static IndexEntry ReadReference(StreamSource source, SectionHeader section, long offset, StreamContext context,
                                            Action<MemoryChunk>? onChunk)
    {
        if (section.PayloadLength != ChunkReferenceLayout.Length)
            FormatThrow.Invalid(section.Name, offset, $"payload length {section.PayloadLength} is not the {ChunkReferenceLayout.Length} bytes of a CHUNKREF");
        Span<byte> payload = stackalloc byte[ChunkReferenceLayout.Length];
        source.Read(payload, section.Name);
        CheckCrc(section, offset, Crc32C.Compute(payload));
        ReadPadding(source, section);
        ChunkReference reference = ChunkReferenceSection.Parse(payload, offset + SectionLayout.HeaderLength, context.PagesPerChunk);
        IndexEntry entry = IndexEntry.Of(section, offset).With(reference);
        if (reference.ImageOrdinal > 0)
        {
            if (onChunk is not null)
                FormatThrow.Invalid(section.Name, offset,
                    $"refers to ancestor image {reference.ImageOrdinal}, which a streaming reader cannot reach; read the image from a file with its parents");
            return entry;
        }
        IndexEntry target = Target(reference, offset, context.Seen);
        if (onChunk is not null)
        {
            if (!context.Stream.CanSeek)
                FormatThrow.Invalid(section.Name, offset,
                    $"its pages are those of the MEMCHUNK at 0x{target.Offset:x}, earlier in a stream that cannot be read again; read the image from a file");
            onChunk(ReadTargetAgain(context, target).As(reference));
        }
        return entry;
    }

    /// <summary>The earlier MEMCHUNK an ordinal-0 reference names, with its page count and content hash.</summary>
    private static IndexEntry Target(ChunkReference reference, long offset, List<IndexEntry> seen)
    {
        IndexEntry? target = IndexSearch.At(seen, reference.TargetOffset);
        if (target is null)
            FormatThrow.Invalid("CHUNKREF", offset, $"no section before the reference starts at the target offset 0x{reference.TargetOffset:x}");
        if (target.Type != SectionType.MemoryChunk)
            FormatThrow.Invalid("CHUNKREF", offset, $"the target at offset 0x{target.Offset:x} is a {target.SectionName} section, not a MEMCHUNK");
        if (target.ContentHash != reference.ContentHash || target.PresentPages != reference.PresentPages)
            FormatThrow.Invalid("CHUNKREF", offset,
                $"the reference at 0x{offset:x} ({reference.PresentPages} pages, content hash {reference.ContentHash.Short}) does not match the MEMCHUNK at 0x{target.Offset:x} ({target.PresentPages} pages, content hash {target.ContentHash.Short})");
        return target;
    }

    /// <summary>Seeks back to a MEMCHUNK seen earlier, reads and decodes it (CRC and hashes checked again), and returns to where the stream was.</summary>
    private static MemoryChunk ReadTargetAgain(StreamContext context, IndexEntry target)
    {
        Stream stream = context.Stream;
        long resume = stream.Position;
        int length = (int)target.PayloadLength;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            stream.Position = context.Origin + target.Offset + SectionLayout.HeaderLength;
            Span<byte> payload = buffer.AsSpan(0, length);
            stream.ReadExactly(payload);
            uint crc = Crc32C.Compute(payload);
            if (crc != target.PayloadCrc)
                FormatThrow.CrcMismatch(target.SectionName, target.Offset, "payload (read again)", target.PayloadCrc, crc);
            long payloadOffset = target.Offset + SectionLayout.HeaderLength;
            ChunkHeader chunk = ChunkHeader.Parse(payload, length, payloadOffset, context.Header.Build.PageSize, context.PagesPerChunk, target.Version);
            return ChunkDecoder.Decode(chunk, payload, payloadOffset, context.PagesPerChunk, verifyContentHash: true);
        }
        finally
        {
            stream.Position = resume;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>What resolving a reference needs of the read so far.</summary>
    private sealed record StreamContext(Stream Stream, long Origin, ImageHeader Header, int PagesPerChunk, List<IndexEntry> Seen);

    /// <summary>Reads the index entry by entry (no allocation proportional to a claimed count) and compares it with the sections seen.</summary>
    private static void ReadIndex(StreamSource source, SectionHeader section, long offset, List<IndexEntry> seen)
    {
        if (section.Version != SectionLayout.CurrentVersion)
            FormatThrow.Invalid("INDEX", offset, $"INDEX version {section.Version} is not supported");
        long payloadOffset = offset + SectionLayout.HeaderLength;
        Span<byte> counts = stackalloc byte[IndexLayout.EntriesOffset];
        if (section.PayloadLength < IndexLayout.EntriesOffset)
            FormatThrow.Truncated("INDEX", payloadOffset, IndexLayout.EntriesOffset, section.PayloadLength);
        source.Read(counts, "INDEX");
        uint count = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(counts[IndexLayout.CountOffset..]);
        uint size = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(counts[IndexLayout.EntrySizeOffset..]);
        if (count != (uint)seen.Count)
            FormatThrow.Invalid("INDEX", payloadOffset, $"the index lists {count} sections, the stream held {seen.Count}");
        if (size < IndexLayout.EntrySize || size > FormatLimits.MaxHeaderLength
            || section.PayloadLength != IndexLayout.EntriesOffset + (long)count * size)
            FormatThrow.Invalid("INDEX", payloadOffset, $"entry size {size} and count {count} do not match the payload length {section.PayloadLength}");

        uint crc = Crc32C.Update(Crc32C.Initial, counts);
        byte[] entryBytes = new byte[size];
        for (int i = 0; i < seen.Count; i++)
        {
            long at = source.Position;
            source.Read(entryBytes, "INDEX");
            crc = Crc32C.Update(crc, entryBytes);
            IndexEntry entry = IndexSection.ParseEntry(entryBytes, at, i);
            if (!entry.Describes(seen[i], identityKnown: true))
                FormatThrow.Invalid("INDEX", at, $"entry {i} does not describe the {seen[i].SectionName} section at 0x{seen[i].Offset:x}");
        }
        CheckCrc(section, offset, Crc32C.Finish(crc));
        ReadPadding(source, section);
    }

    private static ulong TaskIdOf(SectionType type, ReadOnlySpan<byte> payload) =>
        SectionNames.IsPerTask(type)
            ? System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(payload)
            : 0;

    private static void CheckCrc(SectionHeader section, long offset, uint computed)
    {
        if (computed != section.PayloadCrc)
            FormatThrow.CrcMismatch(section.Name, offset, "payload", section.PayloadCrc, computed);
    }

    private static void ReadPadding(StreamSource source, SectionHeader section)
    {
        Span<byte> padding = stackalloc byte[SectionLayout.Alignment];
        padding = padding[..SectionLayout.PaddingAfter(section.PayloadLength)];
        long at = source.Position;
        source.Read(padding, section.Name);
        if (padding.IndexOfAnyExcept((byte)0) >= 0)
            FormatThrow.Invalid(section.Name, at, "padding after the payload is not zero");
    }
}
