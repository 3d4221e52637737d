using KernelSim.Kernel;

namespace KernelSim.Services.Naming;

/// <summary>
/// A phone of the naming service to a server, made without a connect-to-me call: what a restore needs when it
/// re-registers a restored server (the image says the server had registered; its callback phone is the naming
/// service's own, not part of the image).
/// </summary>
internal static class CallbackPhone
{
    public static ulong Connect(KernelTask namingService, KernelTask server)
    {
        var phone = namingService.Ipc.AddPhone(server.Ipc.Answerbox);
        server.Ipc.Answerbox.AddPhone(phone);
        return phone.Id;
    }
}
