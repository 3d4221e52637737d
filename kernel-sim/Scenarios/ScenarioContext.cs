using KernelSim.Kernel;
using KernelSim.Services;

namespace KernelSim.Scenarios;

/// <summary>What the steps of a running scenario share: the kernel, the task labels, where files are and where output goes.</summary>
public sealed class ScenarioContext
{
    private readonly Dictionary<string, ulong> _labels = new(StringComparer.Ordinal);
    private Microkernel? _kernel;

    public ScenarioContext(string baseDirectory, TextWriter output, TextWriter log)
    {
        BaseDirectory = baseDirectory;
        Output = output;
        Log = log;
    }

    /// <summary>Relative paths in the scenario are relative to this directory (the scenario file's).</summary>
    public string BaseDirectory { get; }

    /// <summary>Where <c>print</c> writes.</summary>
    public TextWriter Output { get; }

    /// <summary>Where each step reports what it did.</summary>
    public TextWriter Log { get; }

    /// <summary>
    /// The newest image format the checkpoint steps write (format 1.3 by default). Regenerating a released fixture asks
    /// for the level it was written at, so that the scenario stays as it was released and the bytes stay identical.
    /// </summary>
    public Snapshot.Format.FormatVersion Compatibility { get; init; } = Snapshot.Format.FormatVersion.Current;

    public Microkernel Kernel => _kernel ?? throw new StepException("no kernel is running: start the scenario with 'boot'");

    public bool HasKernel => _kernel is not null;

    /// <summary>Replaces the kernel (a new boot): labels are forgotten, because their tasks are gone.</summary>
    public void Boot(Microkernel kernel)
    {
        _kernel = kernel;
        _labels.Clear();
    }

    /// <summary>The running kernel's service with persistent id <paramref name="serviceId"/>, or a step error when it was booted without it.</summary>
    public T Service<T>(ulong serviceId)
        where T : class, INativeTask =>
        StandardServices.Find<T>(Kernel, serviceId)
        ?? throw new StepException($"service {ServiceIds.NameOf(serviceId)} is not running (the kernel was booted without it)");

    public string ResolvePath(string path) => Path.GetFullPath(Path.Combine(BaseDirectory, path));

    public void Bind(string label, ulong taskId) => _labels[label] = taskId;

    /// <summary>The task id a label names; a plain number is taken as a task id.</summary>
    public ulong TaskId(string label)
    {
        if (_labels.TryGetValue(label, out var id))
        {
            return id;
        }

        if (ScenarioNumbers.TryParse(label, out id))
        {
            return id;
        }

        throw new StepException($"unknown task label '{label}' (bind one with 'spawn … as {label}' or 'restore … as {label}')");
    }
}
