using Snapshot.Format.Chains;
using Snapshot.Testing.Locations;

namespace Snapshot.Format.Tests.Chains;

public sealed class ImageChainOpenTests
{
    [Fact]
    public void A_full_image_is_a_chain_of_one()
    {
        using var directory = new TempDirectory();
        string path = ChainImages.Write(directory, "base.snap", seed: 1);

        using ImageChain chain = ImageChain.Open(path);

        Assert.False(chain.IsIncremental);
        Assert.Empty(chain.Parents);
        Assert.Empty(chain.Ancestors);
        Assert.Empty(chain.Image.ReadMetadata().Parents);
        Assert.Equal(0UL, chain.Image.Header.Features.Incompatible & Features.IncompatParentImage);
    }

    [Fact]
    public void A_grandchild_names_its_parent_then_its_grandparent_by_file_name_and_image_id()
    {
        using var directory = new TempDirectory();
        string a = ChainImages.Write(directory, "a.snap", seed: 1);
        string b = ChainImages.Write(directory, "b.snap", seed: 2, parent: a);
        string c = ChainImages.Write(directory, "c.snap", seed: 3, parent: b);

        using ImageChain chain = ImageChain.Open(c);

        Assert.True(chain.IsIncremental);
        Assert.Equal(["b.snap", "a.snap"], chain.Parents.Select(p => p.FileName));
        Assert.Equal([ImageId.Compute(b), ImageId.Compute(a)], chain.Parents.Select(p => p.Id));
        Assert.Equal([b, a], chain.AncestorPaths);
        Assert.Equal(chain.Parents, chain.Image.ReadMetadata().Parents);
        ImageHeader header = chain.Image.Header;
        Assert.Equal(Features.IncompatParentImage | Features.IncompatChunkReferences,
            header.Features.Incompatible & (Features.IncompatParentImage | Features.IncompatChunkReferences));
        Assert.Equal(new FormatVersion(1, 3), header.Version);
        Assert.Equal(SectionType.Parents, chain.Image.Index[0].Type);
    }

    [Fact]
    public void An_ancestor_in_another_directory_is_named_by_its_path()
    {
        using var directory = new TempDirectory();
        Directory.CreateDirectory(directory.File("bases"));
        string a = ChainImages.Write(directory, Path.Combine("bases", "a.snap"), seed: 1);
        string b = ChainImages.Write(directory, "b.snap", seed: 2, parent: a);

        using ImageChain chain = ImageChain.Open(b);

        Assert.Equal(a, chain.Parents[0].FileName);
        Assert.Equal(a, chain.AncestorPaths[0]);
    }

    [Fact]
    public void The_image_id_is_deterministic_and_changes_with_the_content()
    {
        using var directory = new TempDirectory();
        string one = ChainImages.Write(directory, "one.snap", seed: 1);
        string same = ChainImages.Write(directory, "same.snap", seed: 1);
        string other = ChainImages.Write(directory, "other.snap", seed: 2);

        Assert.Equal(ImageId.Compute(one), ImageId.Compute(same));
        Assert.NotEqual(ImageId.Compute(one), ImageId.Compute(other));
    }

    [Fact]
    public void A_missing_parent_is_one_error_naming_the_file_and_the_id()
    {
        using var directory = new TempDirectory();
        string a = ChainImages.Write(directory, "a.snap", seed: 1);
        string b = ChainImages.Write(directory, "b.snap", seed: 2, parent: a);
        Hash256 id = ImageId.Compute(a);
        File.Delete(a);

        var error = Assert.Throws<ChainException>(() => ImageChain.Open(b));

        Assert.Equal(a, error.FilePath);
        Assert.Equal(id, error.ExpectedId);
        Assert.Null(error.ActualId);
        Assert.Equal($"parent image {a} (ancestor 1 of {b}) is missing; the child names image id {id.Short}", error.Message);
    }

    [Fact]
    public void A_parent_replaced_by_another_image_names_both_ids()
    {
        using var directory = new TempDirectory();
        string a = ChainImages.Write(directory, "a.snap", seed: 1);
        string b = ChainImages.Write(directory, "b.snap", seed: 2, parent: a);
        Hash256 named = ImageId.Compute(a);
        ChainImages.Write(directory, "a.snap", seed: 9);
        Hash256 found = ImageId.Compute(a);

        var error = Assert.Throws<ChainException>(() => ImageChain.Open(b));

        Assert.Equal(a, error.FilePath);
        Assert.Equal(named, error.ExpectedId);
        Assert.Equal(found, error.ActualId);
        Assert.Equal($"parent image {a} (ancestor 1 of {b}) has image id {found.Short}, but the child names {named.Short}: it was replaced or rewritten", error.Message);
    }

    [Fact]
    public void A_missing_grandparent_names_the_grandparent()
    {
        using var directory = new TempDirectory();
        string a = ChainImages.Write(directory, "a.snap", seed: 1);
        string b = ChainImages.Write(directory, "b.snap", seed: 2, parent: a);
        string c = ChainImages.Write(directory, "c.snap", seed: 3, parent: b);
        File.Delete(a);

        var error = Assert.Throws<ChainException>(() => ImageChain.Open(c));

        Assert.Equal(a, error.FilePath);
        Assert.StartsWith($"parent image {a} (ancestor 2 of {c}) is missing", error.Message);
    }

    [Fact]
    public void A_broken_middle_link_names_the_middle_image_and_both_ids()
    {
        using var directory = new TempDirectory();
        string a = ChainImages.Write(directory, "a.snap", seed: 1);
        string x = ChainImages.Write(directory, "x.snap", seed: 7);
        string b = ChainImages.Write(directory, "b.snap", seed: 2, parent: a);
        // C claims B's parent is X: B exists with the right id, but its own PARENTS names A.
        string c = directory.File("c.snap");
        ChainImages.WriteWithParents(c, 3, [new ParentImage(ImageId.Compute(b), "b.snap"), new ParentImage(ImageId.Compute(x), "x.snap")]);

        var error = Assert.Throws<ChainException>(() => ImageChain.Open(c));

        Assert.Equal(b, error.FilePath);
        Assert.Equal(ImageId.Compute(x), error.ExpectedId);
        Assert.Equal(ImageId.Compute(a), error.ActualId);
        Assert.Contains($"parent image {b} (ancestor 1 of {c})", error.Message);
        Assert.Contains($"names {ImageId.Compute(a).Short} as its ancestor 1, but the child names image id {ImageId.Compute(x).Short} for its ancestor 2", error.Message);
    }

    [Fact]
    public void An_ancestor_that_names_more_ancestors_than_the_child_breaks_the_chain()
    {
        using var directory = new TempDirectory();
        string a = ChainImages.Write(directory, "a.snap", seed: 1);
        string b = ChainImages.Write(directory, "b.snap", seed: 2, parent: a);
        string c = directory.File("c.snap");
        ChainImages.WriteWithParents(c, 3, [new ParentImage(ImageId.Compute(b), "b.snap")]);

        var error = Assert.Throws<ChainException>(() => ImageChain.Open(c));

        Assert.Contains("but the child names no ancestor 2: the chain is broken", error.Message);
    }

    [Fact]
    public void Parents_need_format_1_3_and_a_sane_list()
    {
        var parent = new ParentImage(Hash256.Compute([1]), "a.snap");
        using var stream = new MemoryStream();
        Assert.Throws<ArgumentException>(() => ImageWriter.Create(stream, Support.TestImage.Profile.Stamp,
            new ImageWriterOptions { Parents = [parent], Compatibility = new FormatVersion(1, 2) }));
        Assert.Throws<ArgumentException>(() => ImageWriter.Create(stream, Support.TestImage.Profile.Stamp, new ImageWriterOptions { Parents = [] }));
        Assert.Throws<ArgumentException>(() => ImageWriter.Create(stream, Support.TestImage.Profile.Stamp,
            new ImageWriterOptions { Parents = [parent with { Id = Hash256.Zero }] }));
        Assert.Throws<ArgumentException>(() => ImageWriter.Create(stream, Support.TestImage.Profile.Stamp,
            new ImageWriterOptions { Parents = [.. Enumerable.Repeat(parent, ImageChain.MaxDepth + 1)] }));
    }
}
