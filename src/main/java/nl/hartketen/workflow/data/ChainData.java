package nl.hartketen.workflow.data;

import ca.uhn.fhir.context.FhirContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import nl.hartketen.application.access.Caller;
import nl.hartketen.application.storage.ResourceService;
import nl.hartketen.workflow.resource.ClasspathFiles;
import nl.hartketen.workflow.transaction.TransactionProcessor;
import nl.hartketen.workflow.write.ResourceWriter;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.Resource;

/**
 * The care paths (fhir-profiles/carepaths) and networks (deployments/networks) shipped with the application, loaded
 * at start when they are not stored yet. What is stored is never overwritten, so corrections made through the API stay.
 */
@ApplicationScoped
public class ChainData {

    private static final Logger LOG = Logger.getLogger(ChainData.class.getName());
    public static final String CARE_PATHS = "fhir-profiles/carepaths";
    public static final String NETWORKS = "networks";

    private FhirContext context;
    private ResourceService resources;
    private ResourceWriter writer;
    private TransactionProcessor transactions;

    protected ChainData() {}

    @Inject
    public ChainData(
            FhirContext context, ResourceService resources, ResourceWriter writer, TransactionProcessor transactions) {
        this.context = context;
        this.resources = resources;
        this.writer = writer;
        this.transactions = transactions;
    }

    public void loadMissing() {
        for (String path : ClasspathFiles.listed(CARE_PATHS)) {
            PlanDefinition carePath =
                    context.newJsonParser().parseResource(PlanDefinition.class, ClasspathFiles.read(path));
            String id = carePath.getIdElement().getIdPart();
            if (!resources.exists("PlanDefinition", id)) {
                writer.create(carePath, id, false, Caller.system());
                LOG.info(() -> "Care path loaded: PlanDefinition/" + id + " (" + path + ")");
            }
        }
        for (String path : ClasspathFiles.listed(NETWORKS)) {
            Bundle network = context.newJsonParser().parseResource(Bundle.class, ClasspathFiles.read(path));
            // A network bundle begins with the network's Organization: when that is stored, the bundle has been loaded.
            Resource first = network.getEntryFirstRep().getResource();
            if (!resources.exists(first.fhirType(), first.getIdElement().getIdPart())) {
                Bundle response = transactions.process(network, Caller.system());
                LOG.info(() -> "Network loaded: " + response.getEntry().size() + " resources (" + path + ")");
            }
        }
    }
}
