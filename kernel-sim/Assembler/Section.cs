namespace KernelSim.Assembler;

internal enum Section
{
    Text,
    Data,
}
