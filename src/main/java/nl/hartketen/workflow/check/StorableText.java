package nl.hartketen.workflow.check;

import ca.uhn.fhir.context.FhirContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import nl.hartketen.domain.shared.PlainText;
import nl.hartketen.domain.shared.RuleViolation;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Resource;

/**
 * Every string of a resource about to be written can be stored as sent: it holds only characters (see
 * {@link PlainText}), and it fits the database column it goes to. Checked here, before the database, so that the client
 * learns which element is wrong instead of getting a 500 from a refused insert.
 */
@ApplicationScoped
public class StorableText {

    /** A column with a length limit (db/migration) that a client's value is written to. */
    public record Column(String name, int length) {}

    static final Column IDENTIFIER_SYSTEM = new Column("referral_identifier.id_system", 255);
    static final Column IDENTIFIER_VALUE = new Column("referral_identifier.id_value", 255);
    static final Column TOKEN_SYSTEM = new Column("search_index.token_system", 255);
    static final Column SERVICE_CODE = new Column("referral.service_code", 64);
    static final Column BUSINESS_STATUS = new Column("referral_task.business_status", 64);
    static final Column STATUS_REASON = new Column("referral_task.status_reason", 1024);

    /** Columns of every element of a data type, by type and element (any identifier's system may be indexed). */
    private static final Map<Class<?>, Map<String, Column>> BY_DATATYPE = Map.of(
            Identifier.class, Map.of("system", IDENTIFIER_SYSTEM, "value", IDENTIFIER_VALUE),
            Coding.class, Map.of("system", TOKEN_SYSTEM));

    /** Columns of particular elements (paths without indexes) that the workflow tables keep. */
    private static final Map<String, Column> BY_PATH = Map.of(
            "ServiceRequest.code.coding.code", SERVICE_CODE,
            "Task.businessStatus.coding.code", BUSINESS_STATUS,
            "Task.businessStatus.text", BUSINESS_STATUS,
            "Task.statusReason.text", STATUS_REASON,
            "Task.statusReason.coding.code", STATUS_REASON,
            "Task.statusReason.coding.display", STATUS_REASON);

    /** Every column this check knows, for the test that holds it to the migrations. */
    static final List<Column> COLUMNS =
            List.of(IDENTIFIER_SYSTEM, IDENTIFIER_VALUE, TOKEN_SYSTEM, SERVICE_CODE, BUSINESS_STATUS, STATUS_REASON);

    private FhirContext context;

    protected StorableText() {}

    @Inject
    public StorableText(FhirContext context) {
        this.context = context;
    }

    /** @throws RuleViolation (422) naming the first element that cannot be stored as it is */
    public void check(Resource resource) {
        Elements.walk(context, resource, (path, parent, child, value) -> {
            if (!(value instanceof IPrimitiveType<?> primitive) || primitive.getValueAsString() == null) {
                return;
            }
            String text = primitive.getValueAsString();
            PlainText.problemWith(text).ifPresent(problem -> {
                throw new RuleViolation(
                        path, path + " contains " + problem + ": such text cannot be stored as it was sent");
            });
            Column column = columnOf(path, parent, child.getElementName());
            if (column != null && text.length() > column.length()) {
                throw new RuleViolation(
                        path,
                        path + " is " + text.length() + " characters long; at most " + column.length() + " are kept");
            }
        });
    }

    private static Column columnOf(String path, IBase parent, String element) {
        Map<String, Column> ofType = BY_DATATYPE.get(parent.getClass());
        Column column = ofType == null ? null : ofType.get(element);
        return column != null ? column : BY_PATH.get(path.replaceAll("\\[\\d+]", ""));
    }
}
