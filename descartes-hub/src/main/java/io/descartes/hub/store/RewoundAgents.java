package io.descartes.hub.store;

/**
 * The keys a rewind leaves in an agents row's metadata JSON when the agent has no process: its status
 * is then {@code terminated}, {@value #STATUS_REASON} = {@value #REWOUND} says why, and
 * {@value #REWOUND_TO} holds the point it was rewound to and the restored context a resume starts it
 * again with ({@code event_id}, {@code git_commit}, {@code name}, {@code backend}, {@code task},
 * {@code context}). A respawn writes the row's metadata anew, which clears both.
 */
public final class RewoundAgents {

    public static final String STATUS_REASON = "status_reason";
    public static final String REWOUND = "rewound";
    public static final String REWOUND_TO = "rewound_to";

    private RewoundAgents() {
    }
}
