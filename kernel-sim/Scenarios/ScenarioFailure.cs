namespace KernelSim.Scenarios;

/// <summary>Why a scenario stopped early.</summary>
public enum ScenarioFailure
{
    /// <summary>The scenario is malformed or asks for something impossible (unknown program, missing file, refused restore).</summary>
    Invalid,

    /// <summary>An <c>expect</c> line did not hold, or a <c>run until-exit</c> did not finish (deadlock or tick cap).</summary>
    Expectation,
}
