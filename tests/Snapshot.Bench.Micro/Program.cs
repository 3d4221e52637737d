using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// The hot paths of the image format, one class per concern. Not run by the test suite; run, in Release:
//   dotnet run -c Release --project tests/Snapshot.Bench.Micro -- --filter '*'
// In process: the benchmarks measure library calls, and a generated runner project would have to be restored and
// built inside this repository's build settings.
IConfig config = DefaultConfig.Instance.AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance));
BenchmarkSwitcher.FromAssembly(typeof(Snapshot.Bench.Micro.BenchImage).Assembly).Run(args, config);
