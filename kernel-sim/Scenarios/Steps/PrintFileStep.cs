using KernelSim.Services;
using KernelSim.Services.Vfs;

namespace KernelSim.Scenarios.Steps;

/// <summary><c>print file PATH</c>: writes the VFS file's content to the output, as bytes (UTF-8).</summary>
public sealed record PrintFileStep(int Line, string Path) : ScenarioStep(Line)
{
    public override void Execute(ScenarioContext context)
    {
        var file = FilePaths.Existing(context.Service<VfsService>(ServiceIds.Vfs), Path);
        context.Output.Write(System.Text.Encoding.UTF8.GetString(file.Content));
    }
}
