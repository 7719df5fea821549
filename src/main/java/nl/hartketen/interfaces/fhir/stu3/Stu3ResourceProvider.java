package nl.hartketen.interfaces.fhir.stu3;

import ca.uhn.fhir.model.api.ResourceMetadataKeyEnum;
import ca.uhn.fhir.model.valueset.BundleEntrySearchModeEnum;
import ca.uhn.fhir.rest.annotation.ConditionalUrlParam;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import nl.hartketen.application.access.Caller;
import nl.hartketen.interfaces.fhir.provider.ClientInput;
import nl.hartketen.interfaces.fhir.provider.PagedSearch;
import nl.hartketen.interfaces.fhir.provider.RequestCaller;
import nl.hartketen.interfaces.fhir.provider.SearchCursor;
import nl.hartketen.interfaces.fhir.provider.SearchResults;
import nl.hartketen.interfaces.fhir.provider.StoredResourceProvider;
import nl.hartketen.workflow.resource.ResourceReader;
import nl.hartketen.workflow.search.SearchParameters;
import nl.hartketen.workflow.search.SearchRequest;
import nl.hartketen.workflow.types.Written;
import nl.hartketen.workflow.write.ResourceWriter;
import org.hl7.fhir.dstu3.model.IdType;
import org.hl7.fhir.dstu3.model.OperationOutcome;
import org.hl7.fhir.dstu3.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.dstu3.model.OperationOutcome.IssueType;
import org.hl7.fhir.instance.model.api.IBaseOperationOutcome;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.Resource;

/**
 * Create, update, read and search of one STU3 type, on the stored R4 resources: converted on the way in and out by
 * {@link Stu3Conversion}, written and read by the same {@link ResourceWriter} and {@link ResourceReader} as R4, so
 * validation, access rules, the care chain and the audit trail are the same whichever version a client speaks.
 */
final class Stu3ResourceProvider<T extends org.hl7.fhir.dstu3.model.Resource>
        implements IResourceProvider, PagedSearch {

    private final Class<T> type;
    private final String stu3Type;
    private final String storedType;
    private final ResourceReader reader;
    private final ResourceWriter writer;
    private final SearchParameters searchParameters;
    private final RequestCaller callers;
    private final Stu3Conversion conversion;

    Stu3ResourceProvider(
            Class<T> type,
            ResourceReader reader,
            ResourceWriter writer,
            SearchParameters searchParameters,
            RequestCaller callers,
            Stu3Conversion conversion) {
        this.type = type;
        this.stu3Type = type.getSimpleName();
        this.storedType = Stu3Conversion.STORED_AS.get(stu3Type);
        this.reader = reader;
        this.writer = writer;
        this.searchParameters = searchParameters;
        this.callers = callers;
        this.conversion = conversion;
    }

    @Override
    public Class<T> getResourceType() {
        return type;
    }

    @Create
    public MethodOutcome create(
            @ResourceParam T resource, @ConditionalUrlParam String conditionalUrl, RequestDetails request) {
        Resource stored = conversion.toR4(resource);
        Caller caller = callers.of(request);
        Written written;
        if (conditionalUrl == null) {
            written = writer.create(stored, null, false, caller);
        } else {
            written = writer.createIfNoneExist(
                    stored,
                    ClientInput.parsed(() -> Stu3SearchParameters.conditionalUrlInR4(stu3Type, conditionalUrl)),
                    caller);
        }
        return answer(written, request);
    }

    @Update
    public MethodOutcome update(@IdParam IdType id, @ResourceParam T resource, RequestDetails request) {
        Long expectedVersion = id.hasVersionIdPart() ? ClientInput.version(id) : null;
        return answer(
                writer.update(id.getIdPart(), conversion.toR4(resource), expectedVersion, false, callers.of(request)),
                request);
    }

    /** A stored resource that STU3 cannot show in full is answered 406 (Not Acceptable) with what it holds that STU3 cannot. */
    @Read(version = true)
    public IBaseResource read(@IdParam IdType id, RequestDetails request) {
        Caller caller = callers.of(request);
        Resource stored = id.hasVersionIdPart()
                ? reader.read(storedType, id.getIdPart(), ClientInput.version(id), caller)
                : reader.read(storedType, id.getIdPart(), caller);
        try {
            return conversion.toStu3(stored);
        } catch (Stu3Conversion.NotExpressible notExpressible) {
            throw new UnclassifiedServerFailureException(
                    406,
                    notExpressible.getMessage(),
                    Stu3Conversion.outcome(IssueType.NOTSUPPORTED, notExpressible.getMessage(), stu3Type));
        }
    }

    @Search(allowUnknownParams = true)
    public IBundleProvider search(RequestDetails request) {
        return page(SearchCursor.first(stu3Type, callers.of(request), request.getParameters()), request);
    }

    @Override
    public IBundleProvider page(SearchCursor cursor, RequestDetails request) {
        SearchRequest search = ClientInput.parsed(() -> SearchRequest.parse(
                storedType, Stu3SearchParameters.inR4(stu3Type, cursor.parameters()), searchParameters));
        return new Results(new SearchResults(reader, search, callers.of(request), cursor));
    }

    private MethodOutcome answer(Written written, RequestDetails request) {
        IBaseOperationOutcome warnings =
                written.warningOutcome() == null ? null : conversion.inStu3(written.warningOutcome());
        try {
            return StoredResourceProvider.outcome(
                    conversion.toStu3(written.resource()), written.created(), warnings, request);
        } catch (Stu3Conversion.NotExpressible notExpressible) {
            // Written, but not showable in STU3 (the server added what STU3 cannot carry): the id and why, not an
            // error.
            MethodOutcome outcome = new MethodOutcome(
                    new IdType(
                            stu3Type,
                            written.resource().getIdElement().getIdPart(),
                            written.resource().getMeta().getVersionId()),
                    written.created());
            OperationOutcome warning = new OperationOutcome();
            warning.addIssue()
                    .setSeverity(IssueSeverity.WARNING)
                    .setCode(IssueType.NOTSUPPORTED)
                    .setDiagnostics(notExpressible.getMessage());
            outcome.setOperationOutcome(warning);
            return outcome;
        }
    }

    /**
     * A search's pages as STU3 shows them. A match that STU3 cannot show in full is replaced by an OperationOutcome
     * entry saying which one and why: the client learns of it instead of silently missing a referral.
     */
    private final class Results implements IBundleProvider {

        private final SearchResults stored;

        Results(SearchResults stored) {
            this.stored = stored;
        }

        @Override
        public List<IBaseResource> getResources(int fromIndex, int toIndex) {
            List<IBaseResource> page = new ArrayList<>();
            for (IBaseResource resource : stored.getResources(fromIndex, toIndex)) {
                try {
                    page.add(conversion.toStu3((Resource) resource));
                } catch (Stu3Conversion.NotExpressible notExpressible) {
                    OperationOutcome outcome = Stu3Conversion.outcome(
                            IssueType.NOTSUPPORTED, notExpressible.getMessage(), notExpressible.reference());
                    outcome.getIssueFirstRep().setSeverity(IssueSeverity.WARNING);
                    ResourceMetadataKeyEnum.ENTRY_SEARCH_MODE.put(outcome, BundleEntrySearchModeEnum.OUTCOME);
                    page.add(outcome);
                }
            }
            return page;
        }

        @Override
        public IPrimitiveType<Date> getPublished() {
            return stored.getPublished();
        }

        @Override
        public String getUuid() {
            return stored.getUuid();
        }

        @Override
        public String getCurrentPageId() {
            return stored.getCurrentPageId();
        }

        @Override
        public String getNextPageId() {
            return stored.getNextPageId();
        }

        @Override
        public Integer preferredPageSize() {
            return null;
        }

        @Override
        public Integer size() {
            return stored.size();
        }
    }
}
