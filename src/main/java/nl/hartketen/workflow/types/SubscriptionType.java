package nl.hartketen.workflow.types;

import static nl.hartketen.workflow.search.IndexValues.code;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import nl.hartketen.application.access.Caller;
import nl.hartketen.application.notification.Endpoints;
import nl.hartketen.application.notification.NotificationStore;
import nl.hartketen.application.storage.IndexEntry;
import nl.hartketen.domain.shared.RuleViolation;
import nl.hartketen.workflow.search.SearchParameters;
import nl.hartketen.workflow.search.SubscriptionCriteria;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Subscription;
import org.hl7.fhir.r4.model.Subscription.SubscriptionChannelType;
import org.hl7.fhir.r4.model.Subscription.SubscriptionStatus;

/**
 * R4 rest-hook Subscriptions on a search ({@code criteria}), see docs/notifications.md and ADR 0013. Its owner is the
 * caller who created it: what it delivers is checked against that caller's access at every delivery. A client asks for
 * {@code requested} or {@code active} (it is stored as {@code active}) or {@code off}; only the server sets
 * {@code error}, after repeated failed deliveries, and the owner switches it back on by asking for {@code active} again.
 */
@ApplicationScoped
public class SubscriptionType extends StoredType<Subscription> {

    /** The Subscriptions Backport IG's choice of what a notification carries. */
    public static final String PAYLOAD_CONTENT =
            "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-payload-content";

    /** What a notification carries: nothing of the resource, its reference (the default), or the resource itself. */
    public enum Content {
        EMPTY("empty"),
        ID_ONLY("id-only"),
        FULL_RESOURCE("full-resource");

        private final String code;

        Content(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    public static final String JSON = "application/fhir+json";
    public static final String XML = "application/fhir+xml";

    /** Nobody subscribes to the subscriptions themselves or to the audit trail. */
    private static final Set<String> NOT_SUBSCRIBABLE = Set.of("Subscription", "AuditEvent");

    /** Headers the HTTP exchange itself sets; a subscription may add others (its receiver's authorization, say). */
    private static final Set<String> RESERVED_HEADERS =
            Set.of("content-type", "content-length", "host", "connection", "expect", "upgrade", "transfer-encoding");

    // Lazily: both come from the registry this handler is part of.
    @Inject
    private Instance<SearchParameters> searchParameters;

    @Inject
    private Instance<StoredTypes> types;

    @Inject
    private NotificationStore notifications;

    @Inject
    private Endpoints endpoints;

    public SubscriptionType() {
        super(Subscription.class);
    }

    @Override
    public void defineSearch(SearchParameters.Builder<Subscription> search) {
        search.token("status", "requested | active | error | off", s -> code("status", s.getStatusElement()))
                .token(
                        "type",
                        "The channel: rest-hook",
                        s -> code("type", s.getChannel().getTypeElement()))
                .string(
                        "criteria",
                        "The search it watches",
                        s -> s.hasCriteria() ? List.of(IndexEntry.string("criteria", s.getCriteria())) : List.of());
    }

    /** A subscription is set up over REST, one at a time; a transaction Bundle has no use for one. */
    @Override
    public boolean inTransactions() {
        return false;
    }

    @Override
    public Optional<String> documentation() {
        return Optional.of("R4 criteria-based subscriptions, channel rest-hook only, payload application/fhir+json"
                + " or application/fhir+xml. Each notification is a Subscriptions Backport IG notification Bundle"
                + " (history, with a SubscriptionStatus as Parameters); channel.payload's extension"
                + " backport-payload-content chooses empty, id-only (the default) or full-resource. Topic-based"
                + " subscriptions are not supported. See docs/notifications.md.");
    }

    @Override
    protected AfterStore rules(Subscription subscription, Caller caller) {
        SubscriptionCriteria criteria = criteria(subscription);
        if (subscription.getChannel().getType() != SubscriptionChannelType.RESTHOOK) {
            throw new RuleViolation("Subscription.channel.type", "only rest-hook is supported");
        }
        if (!subscription.getChannel().hasEndpoint()) {
            throw new RuleViolation("Subscription.channel.endpoint", "a rest-hook needs an endpoint");
        }
        if (!caller.isSystem()) {
            endpoints.problemWith(subscription.getChannel().getEndpoint()).ifPresent(problem -> {
                throw new RuleViolation("Subscription.channel.endpoint", problem);
            });
        }
        mimeType(subscription);
        content(subscription);
        for (StringType header : subscription.getChannel().getHeader()) {
            checkHeader(header.getValue());
        }
        SubscriptionStatus status = status(subscription, caller);
        subscription.setStatus(status);
        if (status != SubscriptionStatus.ERROR) {
            subscription.setError(null);
        }
        AfterStore involved = writerInvolved(caller);
        return reference -> {
            involved.stored(reference);
            if (status != SubscriptionStatus.ERROR) {
                notifications.configure(
                        reference.substring(reference.indexOf('/') + 1),
                        caller,
                        criteria.type(),
                        status == SubscriptionStatus.ACTIVE);
            }
        };
    }

    /** The criteria as a search. @throws RuleViolation when they are none the server can run */
    public SubscriptionCriteria criteria(Subscription subscription) {
        Set<String> subscribable = types.get().all().stream()
                .map(StoredType::name)
                .filter(name -> !NOT_SUBSCRIBABLE.contains(name))
                .collect(Collectors.toSet());
        try {
            return SubscriptionCriteria.parse(subscription.getCriteria(), subscribable, searchParameters.get());
        } catch (IllegalArgumentException e) {
            throw new RuleViolation("Subscription.criteria", e.getMessage());
        }
    }

    /** What the subscription's notifications carry: id-only unless its payload says otherwise. */
    public static Content content(Subscription subscription) {
        Extension chosen = subscription.getChannel().getPayloadElement().getExtensionByUrl(PAYLOAD_CONTENT);
        if (chosen == null) {
            return Content.ID_ONLY;
        }
        String code = chosen.getValue() == null ? null : chosen.getValue().primitiveValue();
        for (Content content : Content.values()) {
            if (content.code().equals(code)) {
                return content;
            }
        }
        throw new RuleViolation(
                "Subscription.channel.payload.extension('" + PAYLOAD_CONTENT + "')",
                "payload content must be a code: empty, id-only or full-resource");
    }

    /** The media type notifications are sent in: JSON unless the payload asks for XML. */
    public static String mimeType(Subscription subscription) {
        if (!subscription.getChannel().hasPayload()) {
            return JSON;
        }
        String asked = subscription.getChannel().getPayload().toLowerCase(Locale.ROOT);
        if (asked.equals(JSON) || asked.equals(XML)) {
            return asked;
        }
        throw new RuleViolation(
                "Subscription.channel.payload", "the payload is sent as " + JSON + " or " + XML + ", not " + asked);
    }

    /** The "Name: value" headers to send with each notification. */
    public static List<String> headers(Subscription subscription) {
        return subscription.getChannel().getHeader().stream()
                .map(StringType::getValue)
                .toList();
    }

    private static void checkHeader(String header) {
        int colon = header == null ? -1 : header.indexOf(':');
        if (colon < 1 || !header.substring(0, colon).trim().matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
            throw new RuleViolation("Subscription.channel.header", "a header is 'Name: value', not '" + header + "'");
        }
        if (RESERVED_HEADERS.contains(header.substring(0, colon).trim().toLowerCase(Locale.ROOT))) {
            throw new RuleViolation(
                    "Subscription.channel.header",
                    "'" + header.substring(0, colon).trim() + "' is set by the delivery itself");
        }
    }

    /** Clients ask for active (or requested, which becomes active) or off; the server alone sets error. */
    private static SubscriptionStatus status(Subscription subscription, Caller caller) {
        SubscriptionStatus asked = subscription.getStatus();
        if (asked == null) {
            throw new RuleViolation("Subscription.status", "status is required: requested, active or off");
        }
        if (asked == SubscriptionStatus.ERROR && !caller.isSystem()) {
            throw new RuleViolation(
                    "Subscription.status",
                    "only the server sets a subscription to error; ask for active to switch it back on, or off");
        }
        return asked == SubscriptionStatus.REQUESTED ? SubscriptionStatus.ACTIVE : asked;
    }
}
