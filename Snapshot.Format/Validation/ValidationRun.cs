using Snapshot.Format.Binary;
using Snapshot.Format.Layout;
using Snapshot.Format.Reading;
using Snapshot.Format.Sections;

namespace Snapshot.Format.Validation;

/// <summary>One validation of one file: the state the checks share. Split by concern into partial files.</summary>
internal sealed partial class ValidationRun
{
    private readonly ImageFile _file;
    private readonly ValidationOptions _options;
    private readonly IProgress<double>? _progress;
    private readonly List<ValidationProblem> _problems = [];
    private readonly List<IndexEntry> _walked = [];

    /// <summary>Positions in <see cref="_walked"/> of sections whose payload could not be interpreted (only their framing is known).</summary>
    private readonly HashSet<int> _unparsed = [];
    private readonly SectionModel _model = new();
    private ImageHeader _header = null!;
    private int _headerLength;
    private int _pagesPerChunk;
    private int _sectionsChecked;
    private int _chunksChecked;
    private long _pageBytesChecked;

    public ValidationRun(ImageFile file, ValidationOptions options, IProgress<double>? progress)
    {
        _file = file;
        _options = options;
        _progress = progress;
    }

    public ValidationReport Execute()
    {
        _progress?.Report(0);
        ReadHeader();
        Footer? footer = ReadFooter(out long walkEnd);
        Walk(walkEnd);
        CompareWithIndex(footer);
        CheckSummary();
        if (_options.Level == ValidationLevel.Full)
        {
            CheckCrossReferences();
            CheckExternalState(CheckKernelBuild());
            CheckChain();
        }
        _progress?.Report(1);
        return new ValidationReport(_file.Path, _problems, _sectionsChecked, _chunksChecked, _pageBytesChecked, _options.Level);
    }

    /// <summary>
    /// The seam for incremental images (format 1.3): ValidationRun.Chain.cs opens the ancestors PARENTS names and checks
    /// every link (ids, the rest of the list) and every reference into them (<see cref="SectionModel.AncestorReferences"/>).
    /// This image's own side (the bit, PARENTS first and once, ordinals within the list) is checked in
    /// ValidationRun.Chunks.cs. Without an implementation the call compiles away.
    /// </summary>
    partial void CheckChain();

    private void Problem(string section, long offset, string message) => _problems.Add(new ValidationProblem(section, offset, message));

    private void Problem(SnapshotFormatException e, string section, long offset) =>
        Problem(e.Section ?? section, e.Offset ?? offset, e.Reason);

    /// <summary>The header must parse; a CRC mismatch is a problem, an unreadable header means nothing can be checked.</summary>
    private void ReadHeader()
    {
        (byte[] header, HeaderCodec.Prefix prefix) = _file.ReadHeaderBytes();
        uint stored = HeaderCodec.StoredCrc(header);
        uint computed = HeaderCodec.ComputeCrc(header);
        bool crcOk = stored == computed;
        if (!crcOk)
            Problem("header", HeaderLayout.CrcOffset, $"header CRC32C mismatch (stored 0x{stored:x8}, computed 0x{computed:x8})");
        (_header, _pagesPerChunk) = HeaderCodec.ParseFields(header, prefix.Version);
        _headerLength = prefix.HeaderLength;
        try
        {
            HeaderCodec.CheckFeatures(_header);
        }
        catch (SnapshotFormatException e) when (!crcOk)
        {
            // A damaged header may merely look like it needs a feature; keep checking the rest under 1.0 rules.
            Problem(e, "header", HeaderLayout.IncompatibleOffset);
        }
    }

    /// <summary>Parses the footer if there is one; the walk ends where the footer starts (or at the end of a file without one).</summary>
    private Footer? ReadFooter(out long walkEnd)
    {
        long footerOffset = _file.Length - FooterLayout.Length;
        walkEnd = _file.Length;
        if (footerOffset < _headerLength)
        {
            Problem("footer", _file.Length, "the file ends before a footer (truncated or not finished)");
            return null;
        }
        Span<byte> bytes = stackalloc byte[FooterLayout.Length];
        _file.Read(footerOffset, bytes, "footer");
        if (bytes[..FooterLayout.MagicLength].SequenceEqual(FooterLayout.Magic))
            walkEnd = footerOffset;
        try
        {
            return Footer.Parse(bytes, footerOffset, _headerLength, _pagesPerChunk);
        }
        catch (SnapshotFormatException e)
        {
            Problem(e, "footer", footerOffset);
            return null;
        }
    }

    private void ReportProgress(long position)
    {
        if (_progress is not null && _file.Length > 0)
            _progress.Report(Math.Min(1.0, (double)position / _file.Length));
    }
}
