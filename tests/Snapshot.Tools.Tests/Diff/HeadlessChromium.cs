using System.Diagnostics;

namespace Snapshot.Tools.Tests.Diff;

/// <summary>
/// Opens a local HTML file in headless Chromium (Debian package "chromium", installed by .ci/run) and returns
/// the DOM after its scripts ran. A missing browser fails the test: the HTML report is not verified without it.
/// </summary>
internal static class HeadlessChromium
{
    public const string Executable = "/usr/bin/chromium";

    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    public static string DumpDom(string htmlPath, string scratch)
    {
        Assert.True(File.Exists(Executable),
            $"{Executable} is missing: install the Debian package 'chromium' (apt-get install chromium), as .ci/run does; " +
            "the HTML report test needs a real browser and is never skipped.");

        var profile = Directory.CreateDirectory(Path.Combine(scratch, "chromium-profile")).FullName;
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--user-data-dir=" + profile, "--dump-dom", new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri,
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{Executable} did not start");
        // Read both streams concurrently: a full stderr pipe would otherwise block the browser.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(s_timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"chromium did not finish within {s_timeout.TotalSeconds} s; killed. stderr:\n{stderr.Result}");
        }

        Assert.True(process.ExitCode == 0, $"chromium exited {process.ExitCode}; stderr:\n{stderr.Result}");
        return stdout.Result;
    }
}
