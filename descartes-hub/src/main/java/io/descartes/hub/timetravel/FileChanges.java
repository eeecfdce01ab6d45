package io.descartes.hub.timetravel;

import java.util.List;

/** What a checkout does to a work tree, by path: files it brings back, changes, and removes. */
public record FileChanges(List<String> added, List<String> modified, List<String> deleted) {
}
