using Snapshot.Bench.Images;
using Snapshot.Bench.Memory;
using Snapshot.Bench.Processes;

namespace Snapshot.Bench.Measuring;

/// <summary>
/// The benchmark's data, made on first use in the work directory and deleted at the end (unless kept): raw memory A
/// and B (A with 1% of its pages changed), images of both, a copy of image A, image A as JSON, and for the peers A compressed with
/// zstd and A as qcow2 (and a copy). Preparation is never timed.
/// </summary>
/// <remarks>
/// Where memory A comes from depends on the build (<see cref="Source"/>): with kernel-sim's memmix, image A is a
/// real kernel-sim checkpoint of memmix filling an area of the benchmark's size and raw memory A is that area taken
/// out of the image; without it, raw memory A is generated (<see cref="MixedMemory"/>) and image A is written from
/// it into a checkpoint of holdmem.s. Image B is always image A with its area's pages taken from raw memory B, by
/// the same writer (<see cref="Images.HeapImage"/>).
/// </remarks>
public sealed class Workspace : IDisposable
{
    public const int ChangedPercent = 1;
    private const ulong MemorySeed = 0x5EED_0001;
    private const ulong VariantSeed = 0x5EED_0002;
    private const ulong CheckpointTicks = 64;
    private const int Mebibyte = 1 << 20;

    private readonly ToolSet _tools;
    private readonly Sampler _sampler;
    private readonly bool _keep;
    private readonly int _runs;
    private readonly List<string> _created = [];
    private readonly Action<string> _progress;
    private string? _rawA, _rawB, _baseImage, _imageA, _imageB, _imageACopy, _jsonA, _zstA, _qcowA, _qcowACopy;

    public Workspace(string directory, long size, int runs, int level, MemorySource source, ToolSet tools, Sampler sampler, bool keep, Action<string> progress)
    {
        if (size < Mebibyte || size % Mebibyte != 0)
            throw new BenchSetupException($"--size must be a whole number of MiB, at least 1 MiB (got {size} bytes)");
        Directory = directory;
        Size = size;
        Source = source;
        _runs = runs;
        Level = level;
        _tools = tools;
        _sampler = sampler;
        _keep = keep;
        _progress = progress;
        System.IO.Directory.CreateDirectory(directory);
    }

    public string Directory { get; }

    public long Size { get; }

    public MemorySource Source { get; }

    /// <summary>The zstd level of every image and of the zstd peer.</summary>
    public int Level { get; }

    /// <summary>The page mix of memory A (as generated, or as found in memmix's area), once it exists.</summary>
    public PageMix? Mix { get; private set; }

    /// <summary>How many pages B changed, once it exists.</summary>
    public long ChangedPages { get; private set; }

    public string RawA => _rawA ??= Make("a.raw", path =>
    {
        if (Source == MemorySource.MemMix)
        {
            string image = ImageA;
            _progress($"taking memmix's {Size / Mebibyte} MiB area out of image A");
            Mix = AreaMemory.Extract(image, Size, path);
        }
        else
        {
            _progress($"generating {Size / Mebibyte} MiB of mixed memory");
            Mix = MixedMemory.Write(path, Size, MemorySeed);
        }
    });

    public string RawB => _rawB ??= Make("b.raw", path =>
    {
        _progress($"changing {ChangedPercent}% of its pages for the second memory");
        ChangedPages = MixedMemory.WriteVariant(RawA, path, ChangedPercent, VariantSeed);
    });

    /// <summary>A real kernel-sim checkpoint of holdmem.s: one task holding a heap area of the benchmark's size.</summary>
    public string BaseImage => _baseImage ??= Make("base.snap", path =>
    {
        string program = Path.Combine(Directory, "holdmem.s");
        using (Stream resource = typeof(Workspace).Assembly.GetManifestResourceStream("programs/holdmem.s")
            ?? throw new BenchSetupException("holdmem.s is not embedded in the benchmark"))
        using (FileStream file = File.Create(program))
            resource.CopyTo(file);
        _created.Add(program);
        _progress("checkpointing holdmem.s in kernel-sim");
        _sampler.RunOnce(_tools.KernelSim("checkpoint", program, "--arg", (Size / Mebibyte).ToString(),
            "--ticks", CheckpointTicks.ToString(), "-o", path), [0]);
    });

    public string ImageA => _imageA ??= Make("a.snap", path =>
    {
        if (Source == MemorySource.MemMix)
            RunPreparation($"checkpointing memmix ({Size / Mebibyte} MiB) in kernel-sim", MemMixCheckpoint(path));
        else
            RunPreparation("writing image A", WriteImage(RawA, path));
    });

    /// <summary>Image A with its area's pages from raw memory B, by the same writer whatever the source.</summary>
    public string ImageB => _imageB ??= Make("b.snap", path =>
    {
        string raw = RawB;
        RunPreparation("writing image B", _tools.Bench("write-image", "--base", Source == MemorySource.MemMix ? ImageA : BaseImage, "--raw", raw,
            "--level", Level.ToString(), "-o", path));
    });

    public string ImageACopy => _imageACopy ??= Make("a-copy.snap", path => File.Copy(ImageA, path, overwrite: true));

    /// <summary>Image A as snapconv's JSON document, the input of the encode row.</summary>
    public string JsonA => _jsonA ??= Make("a.json", path =>
        RunPreparation("decoding image A to JSON", _tools.Snap("snapconv", "decode", ImageA, "-o", path)));

    public string ZstA(string zstd) => _zstA ??= Make("a.raw.zst", path =>
        RunPreparation("compressing memory A with zstd", ZstdCompress(zstd, path)));

    public string QcowA(string qemuImg) => _qcowA ??= Make("a.qcow2", path =>
        RunPreparation("converting memory A to qcow2", new CommandLine(qemuImg, ["convert", "-f", "raw", "-O", "qcow2", RawA, path])));

    public string QcowACopy(string qemuImg) => _qcowACopy ??= Make("a-copy.qcow2", path => File.Copy(QcowA(qemuImg), path, overwrite: true));

    /// <summary>
    /// The checkpoint write as measured. With memmix: kernel-sim's checkpoint of memmix, its write phase timed in the
    /// process (the simulation that fills the memory is not). Without: the heap of holdmem's checkpoint filled from
    /// raw memory A by the format's writer, timed from spawn to reap.
    /// </summary>
    public CommandLine CheckpointWrite() =>
        Source == MemorySource.MemMix ? CheckpointSession(Images.TimedCheckpoint.Full) : WriteImage(RawA, Scratch("write.snap"));

    /// <summary>
    /// The incremental write as measured (memmix only): after each full write of <see cref="CheckpointWrite"/>,
    /// 1% of the area's pages changed, then the child checkpoint naming it, timed in the same process.
    /// </summary>
    public CommandLine IncrementalWrite() => CheckpointSession(Images.TimedCheckpoint.Incremental);

    /// <summary>
    /// memmix run once and checkpointed --runs times, full and incremental, each timed (<see cref="Images.TimedCheckpoint"/>):
    /// one process serves the write and incremental rows, because simulating gigabytes costs far more than writing them.
    /// </summary>
    private CommandLine CheckpointSession(string label) =>
        _tools.Bench("checkpoint-task", MemMix.Program, "--arg", MemMix.Argument(Size).ToString(), "--ticks", MemMix.Ticks(Size).ToString(),
            "--runs", _runs.ToString(), "-o", Scratch("write.snap"), "--incremental-out", Scratch("incremental.snap"),
            "--change-percent", ChangedPercent.ToString(), "--level", Level.ToString(), "--timing", Scratch("write.timing"))
        with { TimingFile = Scratch("write.timing"), TimingLabel = label };

    /// <summary>The memmix checkpoint as a user makes it, with kernel-sim's own command line.</summary>
    public CommandLine MemMixCheckpoint(string output) =>
        _tools.KernelSim("checkpoint", MemMix.Program, "--arg", MemMix.Argument(Size).ToString(), "--ticks", MemMix.Ticks(Size).ToString(),
            "--level", Level.ToString(), "--compat", MemMix.Format, "-o", output);

    private CommandLine WriteImage(string raw, string output) =>
        _tools.Bench("write-image", "--base", BaseImage, "--raw", raw, "--level", Level.ToString(), "-o", output);

    public CommandLine ZstdCompress(string zstd, string output) =>
        new(zstd, [$"-{Level}", "-T0", "-q", "-f", RawA, "-o", output]);

    /// <summary>A scratch output path that is deleted with the workspace.</summary>
    public string Scratch(string name)
    {
        string path = Path.Combine(Directory, name);
        if (!_created.Contains(path))
            _created.Add(path);
        return path;
    }

    public void Dispose()
    {
        if (_keep)
            return;
        foreach (string path in _created)
            File.Delete(path);
    }

    private void RunPreparation(string what, CommandLine command)
    {
        _progress(what);
        _sampler.RunOnce(command, [0]);
    }

    private string Make(string name, Action<string> make)
    {
        string path = Scratch(name);
        make(path);
        return path;
    }
}
