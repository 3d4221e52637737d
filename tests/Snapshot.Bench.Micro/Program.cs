using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// The hot paths of the image format, one class per concern. Not run by the test suite; run, in Release:
//   dotnet run -c Release --project tests/Snapshot.Bench.Micro -- --filter '*'
// (one class: --filter '*Crc32C*'). In process: the benchmarks measure library calls, and a generated runner project
// would have to be restored and built inside this repository's build settings; AsDefault lets a job given on the
// command line (--job Short) take the in-process toolchain too.
IConfig config = DefaultConfig.Instance.AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).AsDefault());
BenchmarkSwitcher.FromAssembly(typeof(Snapshot.Bench.Micro.BenchImage).Assembly).Run(args, config);
