namespace KernelSim.Services.Naming;

/// <summary>A name registered with the naming service: the server task and the naming service's callback phone to it.</summary>
public sealed record NamingRegistration(string Name, ulong ServerTaskId, ulong CallbackPhoneId);
