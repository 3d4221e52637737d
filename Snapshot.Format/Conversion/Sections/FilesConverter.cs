using System.Text.Json;
using Snapshot.Format.Binary;
using Snapshot.Format.Layout;
using Snapshot.Format.Sections;

namespace Snapshot.Format.Conversion.Sections;

/// <summary>
/// FILES (format 1.2): a task's working directory and open files, each with its mode, policy, position, size,
/// content hash and (for backup policies) its contents in base64.
/// </summary>
internal sealed class FilesConverter : PerTaskConverter
{
    public override SectionType Type => SectionType.Files;

    public override IReadOnlyList<string> Fields { get; } = ["taskId", "workingDirectoryFileSystemId", "workingDirectory", "files"];

    public override void Decode(ReadOnlySpan<byte> payload, long payloadOffset, ConversionContext context, Utf8JsonWriter json)
    {
        TaskFilesRecord record = FilesSection.Read(payload, payloadOffset);
        JsonIntegers.Write(json, "taskId", record.TaskId);
        JsonIntegers.Write(json, "workingDirectoryFileSystemId", record.WorkingDirectoryFileSystemId);
        json.WriteString("workingDirectory", record.WorkingDirectory);
        json.WriteStartArray("files");
        foreach (OpenFileRecord file in record.Files)
        {
            json.WriteStartObject();
            json.WriteNumber("handle", file.Handle);
            json.WriteStartArray("mode");
            foreach ((string name, FileOpenMode mode) in JsonNames.FileModes)
            {
                if ((file.Mode & mode) != 0)
                    json.WriteStringValue(name);
            }
            json.WriteEndArray();
            json.WriteString("policy", JsonNames.Of(JsonNames.FilePolicies, file.Policy));
            JsonIntegers.Write(json, "fileSystemId", file.FileSystemId);
            JsonIntegers.Write(json, "nodeId", file.NodeId);
            json.WriteString("path", file.Path);
            JsonIntegers.Write(json, "position", file.Position);
            JsonIntegers.Write(json, "size", file.Size);
            json.WriteString("contentHash", file.ContentHash.ToString());
            json.WriteBase64String("contents", file.Contents.Span);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    public override byte[] Encode(JsonCursor section, ConversionContext context)
    {
        var files = new List<OpenFileRecord>();
        foreach (JsonCursor item in section.Property("files").Items(FormatLimits.MaxOpenFilesPerTask))
        {
            item.AllowOnly("handle", "mode", "policy", "fileSystemId", "nodeId", "path", "position", "size", "contentHash", "contents");
            JsonCursor modeField = item.Property("mode");
            FileOpenMode mode = FileOpenMode.None;
            foreach (JsonCursor flag in modeField.Items(JsonNames.FileModes.Length))
                mode |= flag.Choice(JsonNames.FileModes);
            if (mode == FileOpenMode.None)
                modeField.Fail("an open file has at least one mode (read, write, append)");
            files.Add(new OpenFileRecord(item.Property("handle").U32(), item.Property("fileSystemId").Unsigned(),
                item.Property("nodeId").Unsigned(), item.Property("path").FormatString(), mode, item.Property("position").Unsigned(),
                item.Property("policy").Choice(JsonNames.FilePolicies), item.Property("size").Unsigned(), item.Property("contentHash").Hash(),
                item.Property("contents").Base64(FormatLimits.MaxFileContents)));
        }
        var record = new TaskFilesRecord(section.Property("taskId").Unsigned(), section.Property("workingDirectoryFileSystemId").Unsigned(),
            section.Property("workingDirectory").FormatString(), files);
        var writer = new PayloadWriter();
        FilesSection.Write(writer, record);
        return writer.WrittenSpan.ToArray();
    }
}
