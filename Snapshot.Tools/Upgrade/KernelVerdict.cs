namespace Snapshot.Tools.Upgrade;

/// <summary>
/// snapcheck --kernel BUILD's answer, before any restore is tried: "restorable" (the image is for BUILD), "convertible"
/// (snapupgrade can convert it; <see cref="Changes"/> says what changes) or "not-convertible" (<see cref="Blockers"/> say why).
/// </summary>
internal sealed record KernelVerdict(
    string Build,
    string Verdict,
    string Message,
    IReadOnlyList<UpgradeChangeInfo> Changes,
    IReadOnlyList<UpgradeBlockerInfo> Blockers);
