using System.CommandLine;
using Snapshot.Bench.Cli;

var root = new RootCommand(
    "Snapshot.Bench: measures the snapshot tools against the programs a user would otherwise run, on the same data.\n" +
    "Example: dotnet run -c Release --project tests/Snapshot.Bench -- all --size 4GiB --json-out bench.json");
root.Subcommands.Add(new AllCommand());
root.Subcommands.Add(new WriteImageCommand());
root.Subcommands.Add(new CheckpointTaskCommand());

ParseResult parseResult = root.Parse(args);
if (parseResult.Errors.Count > 0)
{
    foreach (var error in parseResult.Errors)
        Console.Error.WriteLine($"bench: {error.Message}");
    Console.Error.WriteLine("Run 'Snapshot.Bench --help' for usage.");
    return ExitCodes.Trouble;
}
return parseResult.Invoke();
