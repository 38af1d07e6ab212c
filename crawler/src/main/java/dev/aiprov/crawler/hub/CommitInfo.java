package dev.aiprov.crawler.hub;

/** One commit of a repo's history, newest first as the Hub lists them. */
public record CommitInfo(String sha, String date, String title) {
}
