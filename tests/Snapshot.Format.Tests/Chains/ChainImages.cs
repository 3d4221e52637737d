using Snapshot.Format.Chains;
using Snapshot.Format.Tests.Support;
using Snapshot.Testing.Locations;

namespace Snapshot.Format.Tests.Chains;

/// <summary>Small chains on disk: a full base and children that name their ancestors (their chunks stored whole).</summary>
internal static class ChainImages
{
    /// <summary>Writes a one-task image named <paramref name="name"/>; with <paramref name="parent"/> it is that image's child.</summary>
    public static string Write(TempDirectory directory, string name, int seed, string? parent = null)
    {
        string path = directory.File(name);
        IReadOnlyList<ParentImage>? parents = null;
        if (parent is not null)
        {
            using ImageChain chain = ImageChain.Open(parent);
            parents = chain.ParentsForChild(path);
        }
        WriteWithParents(path, seed, parents);
        return path;
    }

    /// <summary>Writes a one-task image with an explicit PARENTS list (null: a full image).</summary>
    public static void WriteWithParents(string path, int seed, IReadOnlyList<ParentImage>? parents)
    {
        var image = new TestImage { Options = new ImageWriterOptions { Parents = parents } };
        image.Tasks.Add(TestTask.Create(1, seed, dataPages: 6));
        File.WriteAllBytes(path, image.Write());
    }
}
