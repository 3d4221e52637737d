using Snapshot.Format;

namespace KernelSim.Services.Vfs;

/// <summary>The verdict on one open file of an image at restore; <see cref="Reason"/> says why for a refusal or a closed/moved handle.</summary>
public sealed record FileRestoreCheck(OpenFileRecord File, FileRestoreOutcome Outcome, string? Reason)
{
    public bool Refuses => Outcome == FileRestoreOutcome.Refuse;
}
