package dev.aiprov.crawler.scan;

import java.time.Duration;

/**
 * What one scan pass did.
 *
 * @param considered files at head revisions without a current scan result
 * @param selected files worth scanning (models, cards, configs, code...)
 * @param scanned distinct contents fetched and scanned now
 * @param reused files whose content was already scanned by this scanner version (not fetched again)
 * @param unjudged contents that could not be judged (gated, too large, parse error): never shown clean
 * @param findings findings recorded
 * @param transferred bytes fetched over the network
 * @param scannedSize total size of the contents scanned (what a full download would have cost)
 * @param requests HTTP requests made for file contents
 * @param rangeIgnored contents the server sent whole because it ignored Range
 */
public record ScanSummary(long considered, long selected, long scanned, long reused, long unjudged, long findings,
                          long transferred, long scannedSize, long requests, long rangeIgnored, Duration elapsed) {
}
