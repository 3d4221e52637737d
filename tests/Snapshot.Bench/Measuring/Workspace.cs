using Snapshot.Bench.Memory;
using Snapshot.Bench.Processes;

namespace Snapshot.Bench.Measuring;

/// <summary>
/// The benchmark's data, made on first use in the work directory and deleted at the end (unless kept): raw memory A
/// (the mixed memory) and B (A with 1% of its pages changed), images of both, a copy of image A, and for the peers
/// A compressed with zstd and A as qcow2 (and a copy). Preparation is never timed.
/// </summary>
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
    private readonly List<string> _created = [];
    private readonly Action<string> _progress;
    private string? _rawA, _rawB, _baseImage, _imageA, _imageB, _imageACopy, _zstA, _qcowA, _qcowACopy;

    public Workspace(string directory, long size, ToolSet tools, Sampler sampler, bool keep, Action<string> progress)
    {
        if (size < Mebibyte || size % Mebibyte != 0)
            throw new BenchSetupException($"--size must be a whole number of MiB, at least 1 MiB (got {size} bytes)");
        Directory = directory;
        Size = size;
        _tools = tools;
        _sampler = sampler;
        _keep = keep;
        _progress = progress;
        System.IO.Directory.CreateDirectory(directory);
    }

    public string Directory { get; }

    public long Size { get; }

    /// <summary>The page mix of memory A, once it exists.</summary>
    public PageMix? Mix { get; private set; }

    /// <summary>How many pages B changed, once it exists.</summary>
    public long ChangedPages { get; private set; }

    public string RawA => _rawA ??= Make("a.raw", path =>
    {
        _progress($"generating {Size / Mebibyte} MiB of mixed memory");
        Mix = MixedMemory.Write(path, Size, MemorySeed);
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

    public string ImageA => _imageA ??= Make("a.snap", path => RunPreparation("writing image A", WriteImage(RawA, path)));

    public string ImageB => _imageB ??= Make("b.snap", path => RunPreparation("writing image B", WriteImage(RawB, path)));

    public string ImageACopy => _imageACopy ??= Make("a-copy.snap", path => File.Copy(ImageA, path, overwrite: true));

    public string ZstA(string zstd) => _zstA ??= Make("a.raw.zst", path =>
        RunPreparation("compressing memory A with zstd", ZstdCompress(zstd, path)));

    public string QcowA(string qemuImg) => _qcowA ??= Make("a.qcow2", path =>
        RunPreparation("converting memory A to qcow2", new CommandLine(qemuImg, ["convert", "-f", "raw", "-O", "qcow2", RawA, path])));

    public string QcowACopy(string qemuImg) => _qcowACopy ??= Make("a-copy.qcow2", path => File.Copy(QcowA(qemuImg), path, overwrite: true));

    /// <summary>The checkpoint write as measured: the heap of the base checkpoint filled from raw memory by the format's writer.</summary>
    public CommandLine WriteImage(string raw, string output) =>
        _tools.Bench("write-image", "--base", BaseImage, "--raw", raw, "-o", output);

    public CommandLine ZstdCompress(string zstd, string output) =>
        new(zstd, ["-1", "-T0", "-q", "-f", RawA, "-o", output]);

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
