package nl.hartketen.application.storage;

import java.util.List;

/**
 * A resource as a client wrote it, ready to store: its serialized content (opaque to this layer) and the
 * search index entries extracted from it.
 */
public record ResourceContent(String type, String id, String content, List<IndexEntry> index) {

    public ResourceContent {
        index = List.copyOf(index);
    }
}
