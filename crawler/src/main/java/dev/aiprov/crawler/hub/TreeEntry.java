package dev.aiprov.crawler.hub;

/**
 * A file of a repo tree: {@code sha256} is {@code lfs.oid} (null for files stored in git),
 * {@code blobId} the git {@code oid}, {@code securityStatus} the Hub's {@code securityFileStatus.status}.
 */
public record TreeEntry(String path, long size, String sha256, String blobId, String securityStatus) {
}
