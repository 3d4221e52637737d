using Snapshot.Format.Binary;
using Snapshot.Format.Layout;

namespace Snapshot.Format.Sections;

/// <summary>CALLS payload (format 1.2): u32 count, calls {u32-prefixed blob laid out by the build's "call" struct}.</summary>
internal static class CallsSection
{
    private const string Section = "CALLS";

    public static void Write(PayloadWriter writer, IReadOnlyList<CallRecord> calls)
    {
        ArgumentNullException.ThrowIfNull(calls);
        if (calls.Count > FormatLimits.MaxCalls)
            throw new ArgumentException($"a checkpoint set holds at most {FormatLimits.MaxCalls} calls", nameof(calls));
        writer.U32((uint)calls.Count);
        for (int i = 0; i < calls.Count; i++)
        {
            ReadOnlySpan<byte> blob = calls[i].KernelCall.Span;
            if (blob.Length > FormatLimits.MaxCallBlob)
                throw new ArgumentException($"call {i} is {blob.Length} bytes, more than {FormatLimits.MaxCallBlob}", nameof(calls));
            writer.Blob(blob, "kernel call blob");
        }
    }

    public static IReadOnlyList<CallRecord> Read(ReadOnlySpan<byte> payload, long offset)
    {
        var reader = new PayloadReader(payload, Section, offset);
        int count = reader.Count(FormatLimits.MaxCalls, sizeof(uint), "call");
        var calls = new CallRecord[count];
        for (int i = 0; i < count; i++)
        {
            long at = reader.Offset;
            byte[] blob = reader.Blob("kernel call blob");
            if (blob.Length > FormatLimits.MaxCallBlob)
                FormatThrow.Invalid(Section, at, $"call {i} is {blob.Length} bytes, more than {FormatLimits.MaxCallBlob}");
            calls[i] = new CallRecord(blob);
        }
        reader.End();
        return calls;
    }
}
