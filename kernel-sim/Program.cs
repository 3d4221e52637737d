using KernelSim.Cli;

return KernelSimCli.Run(args, CliOutput.Console);
