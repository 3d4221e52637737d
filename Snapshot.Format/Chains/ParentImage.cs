namespace Snapshot.Format;

/// <summary>
/// One ancestor of an incremental image, as its PARENTS section names it: the ancestor's image id (see
/// <see cref="Chains.ImageId"/>) and its file name, relative to the child's directory when it lies there.
/// </summary>
/// <param name="Id">SHA-256 over the ancestor's header and INDEX section (header and payload).</param>
/// <param name="FileName">Where to find the ancestor: a file name relative to the child's directory, or a path as given at checkpoint.</param>
public sealed record ParentImage(Hash256 Id, string FileName);
