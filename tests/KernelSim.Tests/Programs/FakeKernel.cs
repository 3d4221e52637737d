using System.Text;
using KernelSim.Assembler;
using KernelSim.Machine;
using KernelSim.Tests.Machine;

namespace KernelSim.Tests.Programs;

/// <summary>
/// A deliberately small stand-in for the real kernel, so the sample programs can be tested
/// against the ISA alone: one task, round-robin threads with a fixed quantum, one tick per time
/// slice, and the syscalls the samples use. Syscalls change only r0, as the ABI promises.
/// </summary>
internal sealed class FakeKernel
{
    private const ulong StackTop = 0x7000_0000, StackSize = 64 * 1024, StackSpacing = 0x10_0000;
    private const ulong HeapBase = 0x2000_0000, MaxAreaSize = 1UL << 30, MaxWrite = 1 << 20;

    private readonly TestAddressSpace _memory = new();
    private readonly List<FakeThread> _threads = [];
    private readonly Queue<FakeThread> _ready = new();
    private readonly List<byte> _console = [];
    private readonly int _quantum;
    private ulong _heapCursor = HeapBase;
    private ulong _random = 0x9E37_79B9_7F4A_7C15;
    private ulong _tick;

    public FakeKernel(AssembledProgram program, ulong argument, int quantum = 50)
    {
        _quantum = quantum;
        _memory.Load(program);
        var main = Spawn(program.Entry, argument);
        _ready.Enqueue(main);
    }

    public TestAddressSpace Memory => _memory;

    public string Console => Encoding.ASCII.GetString(_console.ToArray());

    public int? ExitCode { get; private set; }

    public long Instructions { get; private set; }

    public int ThreadsCreated => _threads.Count;

    private sealed class FakeThread(ulong id, RegisterFile registers)
    {
        public ulong Id { get; } = id;
        public RegisterFile Registers { get; } = registers;
        public ulong? FutexAddress { get; set; }
        public ulong? WakeTick { get; set; }
        public bool Exited { get; set; }
    }

    private enum Outcome { Continue, Switch, Block }

    /// <summary>Runs until task_exit; throws when the program faults, deadlocks or exceeds the budget.</summary>
    public FakeKernel Run(long maxInstructions = 5_000_000)
    {
        while (ExitCode is null)
        {
            if (_ready.Count == 0)
                AdvanceClockToNextWake();
            var thread = _ready.Dequeue();
            var outcome = Outcome.Continue;
            for (int i = 0; i < _quantum && outcome == Outcome.Continue && ExitCode is null; i++)
            {
                if (++Instructions > maxInstructions)
                    throw new InvalidOperationException($"still running after {maxInstructions} instructions; console so far:\n{Console}");
                switch (Interpreter.Step(thread.Registers, _memory, out string? fault))
                {
                    case StepResult.Fault:
                        throw new InvalidOperationException($"thread {thread.Id} faulted: {fault}; console so far:\n{Console}");
                    case StepResult.Syscall:
                        outcome = Syscall(thread);
                        break;
                }
            }
            _tick++;
            WakeSleepers();
            if (outcome != Outcome.Block && !thread.Exited && ExitCode is null)
                _ready.Enqueue(thread);
        }
        return this;
    }

    private FakeThread Spawn(ulong entry, ulong argument)
    {
        ulong id = (ulong)_threads.Count + 1;
        ulong top = StackTop - (id - 1) * StackSpacing;
        _memory.Map(top - StackSize, StackSize, TestAddressSpace.Access.Read | TestAddressSpace.Access.Write);
        var registers = new RegisterFile { Pc = entry, Sp = top };
        registers.R[1] = argument;
        var thread = new FakeThread(id, registers);
        _threads.Add(thread);
        return thread;
    }

    private Outcome Syscall(FakeThread thread)
    {
        var r = thread.Registers.R;
        Outcome Done(long value)
        {
            r[0] = (ulong)value;
            return Outcome.Continue;
        }

        switch ((SyscallNumber)r[0])
        {
            case SyscallNumber.Write:
            {
                if (r[2] > MaxWrite)
                    return Done((long)SyscallError.Invalid);
                var bytes = new byte[r[2]];
                if (!_memory.TryRead(r[1], bytes))
                    return Done((long)SyscallError.Fault);
                _console.AddRange(bytes);
                return Done(bytes.Length);
            }
            case SyscallNumber.ThreadCreate:
            {
                var created = Spawn(r[1], r[2]);
                _ready.Enqueue(created);
                return Done((long)created.Id);
            }
            case SyscallNumber.ThreadExit:
                thread.Exited = true;
                return Outcome.Block;
            case SyscallNumber.TaskExit:
                ExitCode = (int)r[1];
                return Outcome.Block;
            case SyscallNumber.Yield:
                r[0] = 0;
                return Outcome.Switch;
            case SyscallNumber.Sleep:
                r[0] = 0;
                thread.WakeTick = _tick + r[1];
                return Outcome.Block;
            case SyscallNumber.FutexWait:
            {
                Span<byte> word = stackalloc byte[8];
                if (!_memory.TryRead(r[1], word))
                    return Done((long)SyscallError.Fault);
                if (BitConverter.ToUInt64(word) != r[2])
                    return Done((long)SyscallError.Again);
                r[0] = 0;
                thread.FutexAddress = r[1];
                return Outcome.Block;
            }
            case SyscallNumber.FutexWake:
            {
                long woken = 0;
                foreach (var waiter in _threads.Where(t => t.FutexAddress == r[1]).Take((int)Math.Min(r[2], int.MaxValue)).ToArray())
                {
                    waiter.FutexAddress = null;
                    _ready.Enqueue(waiter);
                    woken++;
                }
                return Done(woken);
            }
            case SyscallNumber.AreaCreate:
            {
                if (r[1] == 0 || r[1] > MaxAreaSize)
                    return Done((long)SyscallError.NoMemory);
                ulong size = TestAddressSpace.RoundUp((long)r[1]);
                var access = ((r[2] & 1) != 0 ? TestAddressSpace.Access.Read : 0) | ((r[2] & 2) != 0 ? TestAddressSpace.Access.Write : 0);
                _memory.Map(_heapCursor, size, access);
                ulong area = _heapCursor;
                _heapCursor += size + TestAddressSpace.PageSize; // a guard page between areas
                return Done((long)area);
            }
            case SyscallNumber.ThreadId:
                return Done((long)thread.Id);
            case SyscallNumber.Random:
                _random ^= _random << 13;
                _random ^= _random >> 7;
                _random ^= _random << 17;
                return Done((long)_random);
            default:
                return Done((long)SyscallError.NoSyscall);
        }
    }

    private void WakeSleepers()
    {
        foreach (var thread in _threads.Where(t => t.WakeTick is { } wake && wake <= _tick))
        {
            thread.WakeTick = null;
            _ready.Enqueue(thread);
        }
    }

    private void AdvanceClockToNextWake()
    {
        var next = _threads.Where(t => t.WakeTick is not null).Select(t => t.WakeTick!.Value).DefaultIfEmpty(ulong.MaxValue).Min();
        if (next == ulong.MaxValue)
            throw new InvalidOperationException($"deadlock: every thread is blocked; console so far:\n{Console}");
        _tick = next;
        WakeSleepers();
    }
}
