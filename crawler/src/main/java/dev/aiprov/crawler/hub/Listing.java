package dev.aiprov.crawler.hub;

import java.util.List;

/** Items of a paginated listing, and whether a cap stopped it before the last page. */
public record Listing<T>(List<T> items, int pages, boolean truncated) {
    public Listing {
        items = List.copyOf(items);
    }
}
