package nl.hartketen.application.notification;

import java.util.List;

/** Posts a notification to a subscriber's endpoint. */
public interface RestHook {

    /**
     * Posts {@code body} and waits for the answer, at most the configured timeout.
     *
     * @param headers "Name: value" lines the subscriber asked for (e.g. its own authorization)
     * @return how it went: accepted only on a 2xx answer
     */
    Answer post(String endpoint, List<String> headers, String contentType, byte[] body);

    /** @param problem why it was not accepted ("HTTP 503", "connection refused"…); null when it was */
    record Answer(boolean accepted, String problem) {

        public static Answer ok() {
            return new Answer(true, null);
        }

        public static Answer refused(String problem) {
            return new Answer(false, problem);
        }
    }
}
