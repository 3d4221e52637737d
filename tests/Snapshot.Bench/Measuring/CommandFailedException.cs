namespace Snapshot.Bench.Measuring;

/// <summary>A measured or preparing command ended with an exit code it should not have; the message quotes its stderr.</summary>
public sealed class CommandFailedException(string message) : Exception(message);
