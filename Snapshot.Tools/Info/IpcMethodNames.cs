using System.Globalization;

namespace Snapshot.Tools.Info;

/// <summary>
/// Names of the kernel's own IPC methods (below 1024; the same on every build, unlike the layout of the call
/// struct). Higher methods belong to a service's or program's protocol and are shown as numbers.
/// </summary>
internal static class IpcMethodNames
{
    public const ulong FirstUserMethod = 1024;

    public static string Of(ulong method) => method switch
    {
        1 => "IPC_M_PHONE_HUNGUP",
        2 => "IPC_M_CONNECT_TO_ME",
        3 => "IPC_M_CONNECT_ME_TO",
        4 => "IPC_M_SHARE_IN",
        5 => "IPC_M_SHARE_OUT",
        6 => "IPC_M_DATA_WRITE",
        7 => "IPC_M_DATA_READ",
        < FirstUserMethod => string.Create(CultureInfo.InvariantCulture, $"kernel method {method}"),
        _ => method.ToString(CultureInfo.InvariantCulture),
    };
}
