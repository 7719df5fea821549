package nl.hartketen.workflow.notification;

import java.util.Date;
import java.util.Optional;
import nl.hartketen.application.notification.Notification;
import nl.hartketen.workflow.types.SubscriptionType.Content;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;

/**
 * One event as the Subscriptions Backport IG's R4 notification: a history Bundle whose first entry is the subscription's
 * status (a Parameters), then the resource the event is about, by reference or in full. The Bundle's id and identifier
 * are the event's id, the same on every attempt; with the event number they let a receiver drop a second delivery and
 * see a gap.
 */
final class NotificationBundle {

    private NotificationBundle() {}

    /**
     * @param base     the configured base URL, for fullUrls; without one, entries name resources by relative reference
     * @param resource the focus at the event's version, for {@link Content#FULL_RESOURCE}; else null
     */
    static Bundle of(
            Notification event, long eventsSinceStart, Content content, Resource resource, Optional<String> base) {
        String subscription = "Subscription/" + event.subscriptionId();
        String focus = event.focus() + "/_history/" + event.focusVersion();
        Parameters status = new Parameters();
        status.setId(event.eventId());
        status.addParameter().setName("subscription").setValue(new Reference(subscription));
        status.addParameter().setName("status").setValue(new CodeType("active"));
        status.addParameter().setName("type").setValue(new CodeType("event-notification"));
        status.addParameter()
                .setName("events-since-subscription-start")
                .setValue(new StringType(Long.toString(eventsSinceStart)));
        Parameters.ParametersParameterComponent notificationEvent =
                status.addParameter().setName("notification-event");
        notificationEvent
                .addPart()
                .setName("event-number")
                .setValue(new StringType(Long.toString(event.eventNumber())));
        notificationEvent.addPart().setName("timestamp").setValue(new InstantType(Date.from(event.occurredAt())));
        if (content != Content.EMPTY) {
            notificationEvent.addPart().setName("focus").setValue(new Reference(focus));
        }

        Bundle bundle = new Bundle();
        bundle.setId(event.eventId());
        bundle.setIdentifier(new Identifier().setSystem("urn:ietf:rfc:3986").setValue("urn:uuid:" + event.eventId()));
        bundle.setType(Bundle.BundleType.HISTORY);
        bundle.setTimestamp(new Date());
        Bundle.BundleEntryComponent statusEntry =
                bundle.addEntry().setFullUrl("urn:uuid:" + event.eventId()).setResource(status);
        statusEntry.getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl(subscription + "/$status");
        statusEntry.getResponse().setStatus("200");
        if (content != Content.EMPTY) {
            Bundle.BundleEntryComponent focusEntry = bundle.addEntry();
            base.ifPresent(url -> focusEntry.setFullUrl(url + "/" + event.focus()));
            if (content == Content.FULL_RESOURCE) {
                focusEntry.setResource(resource);
            }
            boolean created = event.focusVersion() == 1;
            focusEntry
                    .getRequest()
                    .setMethod(created ? Bundle.HTTPVerb.POST : Bundle.HTTPVerb.PUT)
                    .setUrl(created ? event.focusType() : event.focus());
            focusEntry.getResponse().setStatus(created ? "201" : "200").setLocation(focus);
        }
        return bundle;
    }
}
