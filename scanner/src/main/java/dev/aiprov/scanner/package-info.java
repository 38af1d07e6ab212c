/**
 * Static scanning of AI artifacts. A pure library: no Spring, no network, no Neo4j, and it never
 * imports, unpickles or executes anything it reads. Start with {@link dev.aiprov.scanner.Scanner}.
 */
package dev.aiprov.scanner;
