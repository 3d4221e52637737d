using KernelSim.Services;
using KernelSim.Services.Vfs;

namespace KernelSim.Scenarios.Steps;

/// <summary><c>expect-file PATH "CONTENT"</c>: the VFS file exists and holds exactly CONTENT.</summary>
public sealed record ExpectFileStep(int Line, string Path, byte[] Content) : ScenarioStep(Line)
{
    public override void Execute(ScenarioContext context)
    {
        var file = FilePaths.Existing(context.Service<VfsService>(ServiceIds.Vfs), Path);
        if (!file.Content.SequenceEqual(Content))
        {
            var shown = file.Content.Length > 200 ? ScenarioText.Show(file.Content[..200]) + "..." : ScenarioText.Show(file.Content);
            throw new StepException($"file {Path} holds \"{shown}\" ({file.Size} bytes), expected \"{ScenarioText.Show(Content)}\" ({Content.Length} bytes)",
                ScenarioFailure.Expectation);
        }
    }
}
