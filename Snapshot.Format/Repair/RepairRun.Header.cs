using System.Buffers.Binary;
using Snapshot.Format.Binary;
using Snapshot.Format.Kernels;
using Snapshot.Format.Layout;
using Snapshot.Format.Sections;

namespace Snapshot.Format.Repair;

internal sealed partial class RepairRun
{
    /// <summary>
    /// Reads the header and the footer. An intact header gives the build stamp and the chunk geometry. A damaged
    /// one cannot vouch for its own stamp: the stamp must then come from --build, and the geometry from the footer.
    /// </summary>
    private void ReadFixedParts()
    {
        SnapshotFormatException? damage = null;
        int headerLength = 0;
        try
        {
            (_header, headerLength, _pagesPerChunk) = _file.ReadHeader();
        }
        catch (SnapshotFormatException e)
        {
            damage = e;
        }

        int? footerPagesPerChunk = ReadFooter(headerLength);
        if (_header is not null)
        {
            AcceptIntactHeader(headerLength);
            return;
        }

        _headerState = new PartState(PartCondition.Damaged, damage!.Message);
        if (_options.Build is null)
            throw Refuse("header", damage.Offset ?? 0,
                $"{damage.Reason}; a damaged header cannot vouch for the kernel build stamp, so name the build with --build NAME " +
                $"(built-in builds: {string.Join(", ", KernelBuildCatalog.BuiltIn.Select(p => p.Build))})");
        UseBuildOption();
        if (footerPagesPerChunk is not { } geometry)
            throw Refuse("footer", Math.Max(0, _file.Length - FooterLayout.Length),
                "the header is damaged and there is no intact footer, so the chunk geometry (pages per chunk) is unknown");
        _pagesPerChunk = geometry;
        // Without a header length, the first section may start at any 8-aligned offset after the magic.
        _scanStart = HeaderLayout.Alignment;
        _lostSections.Add(new LostSection(LostSectionKind.Header, 0, 0, 0,
            $"{damage.Message}; rebuilt with the build stamp of --build {_options.Build}, feature bits and names reset"));
    }

    private void AcceptIntactHeader(int headerLength)
    {
        ImageHeader header = _header!;
        try
        {
            HeaderCodec.CheckFeatures(header);
        }
        catch (SnapshotFormatException e)
        {
            throw Refuse("header", e.Offset ?? HeaderLayout.IncompatibleOffset,
                $"{e.Reason}; a repair cannot rewrite data it does not understand");
        }
        _build = header.Build;
        _profile = KernelBuildCatalog.Find(header.Build.BuildId);
        _scanStart = headerLength;
        if (_options.Build is { } name)
        {
            KernelBuildProfile profile = FindBuild(name);
            if (profile.Stamp != header.Build)
                throw Refuse("header", HeaderLayout.BuildIdOffset,
                    $"--build {name} ({profile.Stamp.Display}) contradicts the intact header's build {header.Build.Display}");
        }
    }

    private void UseBuildOption()
    {
        KernelBuildProfile profile = FindBuild(_options.Build!);
        _profile = profile;
        _build = profile.Stamp;
        _buildFromOption = true;
    }

    private static KernelBuildProfile FindBuild(string name) =>
        KernelBuildCatalog.Find(name) ?? throw Refuse("header", 0,
            $"--build {name} is not a built-in kernel build (built-in: {string.Join(", ", KernelBuildCatalog.BuiltIn.Select(p => p.Build))})");

    /// <summary>
    /// Judges the footer without trusting it: the index is never read through it. Returns its chunk geometry when
    /// its CRC verifies (the header's stand-in when the header is damaged). Sets where the scan ends.
    /// </summary>
    private int? ReadFooter(int headerLength)
    {
        long footerOffset = _file.Length - FooterLayout.Length;
        _scanEnd = _file.Length;
        if (footerOffset < Math.Max(headerLength, HeaderLayout.Alignment))
        {
            _footerState = new PartState(PartCondition.Missing, "the file is too short to end with a footer");
            return null;
        }
        Span<byte> bytes = stackalloc byte[FooterLayout.Length];
        _file.Read(footerOffset, bytes, "footer");
        if (!bytes[..FooterLayout.MagicLength].SequenceEqual(FooterLayout.Magic))
        {
            _footerState = new PartState(PartCondition.Missing, $"no footer magic at offset 0x{footerOffset:x} (truncated, unfinished, or the magic is damaged)");
            return null;
        }
        // The magic says these 32 bytes are the footer, damaged or not: they hold no section.
        _scanEnd = footerOffset;
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(bytes[FooterLayout.CrcOffset..]);
        uint computed = Crc32C.Compute(bytes[..FooterLayout.CrcOffset]);
        if (stored != computed)
        {
            _footerState = new PartState(PartCondition.Damaged,
                $"footer at offset 0x{footerOffset + FooterLayout.CrcOffset:x}: footer CRC32C mismatch (stored 0x{stored:x8}, computed 0x{computed:x8})");
            return null;
        }
        uint pagesPerChunk = BinaryPrimitives.ReadUInt32LittleEndian(bytes[FooterLayout.PagesPerChunkOffset..]);
        try
        {
            Footer footer = Footer.Parse(bytes, footerOffset, headerLength, (int)pagesPerChunk);
            _footerIndexOffset = footer.IndexOffset;
        }
        catch (SnapshotFormatException e)
        {
            _footerState = new PartState(PartCondition.Damaged, e.Message);
        }
        if (pagesPerChunk is 0 or > FormatLimits.MaxPagesPerChunk)
            return null;
        if (_header is not null && pagesPerChunk != _pagesPerChunk)
            _footerState = new PartState(PartCondition.Damaged,
                $"footer at offset 0x{footerOffset + FooterLayout.PagesPerChunkOffset:x}: pages per chunk {pagesPerChunk} differs from the header's {_pagesPerChunk}");
        return (int)pagesPerChunk;
    }
}
