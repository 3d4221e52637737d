namespace KernelSim.Scenarios.Steps;

/// <summary>What a <c>print</c> line prints.</summary>
public enum PrintWhat
{
    Console,
    Tasks,
}
