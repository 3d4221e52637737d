using Snapshot.Tools.Info;

namespace Snapshot.Tools.Check;

// What snapcheck reports, shaped exactly as its JSON (format-spec/schemas/snapcheck.schema.json).

internal sealed record CheckDocument(
    ToolStamp Tool,
    string Image,
    bool Valid,
    IReadOnlyList<CheckProblem> Problems,
    CheckSummary Summary);

internal sealed record CheckProblem(string Section, string Offset, string Message);

internal sealed record CheckSummary(int SectionsChecked, int ChunksChecked, long PageBytesChecked, int Problems);
