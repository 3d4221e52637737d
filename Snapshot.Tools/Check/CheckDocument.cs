using System.Text.Json.Serialization;
using Snapshot.Tools.Info;

namespace Snapshot.Tools.Check;

// What snapcheck reports, shaped exactly as its JSON (format-spec/schemas/snapcheck.schema.json).

internal sealed record CheckDocument(
    ToolStamp Tool,
    string Image,
    bool Valid,
    IReadOnlyList<CheckProblem> Problems,
    CheckSummary Summary,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] CheckSignature? Signature = null)
{
    /// <summary>"quick" after snapcheck --quick (CRCs only, format-spec §14); absent after a full check.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Level { get; init; }

    /// <summary>With --kernel BUILD: whether BUILD can restore the image (snapcheck --kernel, SnapCheckTool.Kernel.cs).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Upgrade.KernelVerdict? Kernel { get; init; }
}

internal sealed record CheckProblem(string Section, string Offset, string Message);

internal sealed record CheckSummary(int SectionsChecked, int ChunksChecked, long PageBytesChecked, int Problems);

// Present when the image is signed or a key was given: "unverified" (signed, no key), "verified", "unsigned",
// "wrong-key" or "tampered" (the last three with a key only).
internal sealed record CheckSignature(string Status, string? Algorithm, string? KeyId, string Message);
