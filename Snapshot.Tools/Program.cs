using Snapshot.Tools.Hosting;

return ToolHost.Run(args, Console.Out, Console.Error,
    stderrIsTerminal: !Console.IsErrorRedirected,
    stdoutIsTerminal: !Console.IsOutputRedirected);
