namespace Snapshot.Tools.Hosting;

/// <summary>
/// Process exit codes shared by every tool, in the tradition of diff(1) and qemu-img: 0 success, 1 a negative
/// answer about valid input (problems found, images differ), 2 trouble (usage error or input that could not be
/// read). 70 is sysexits' EX_SOFTWARE: a bug in the tool, never caused by input.
/// </summary>
public static class ExitCodes
{
    /// <summary>The tool did what was asked; for checks, the image is valid.</summary>
    public const int Success = 0;

    /// <summary>The tool ran to the end and found problems (snapcheck) or differences (snapdiff).</summary>
    public const int ProblemsFound = 1;

    /// <summary>Usage error, or the input could not be read or checked at all.</summary>
    public const int Trouble = 2;

    /// <summary>An unexpected exception: a bug in the tool.</summary>
    public const int InternalError = 70;
}
