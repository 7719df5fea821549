package nl.hartketen.interfaces.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Default;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import nl.hartketen.workflow.resource.ResourceTypeWritten;

/**
 * Tells the other nodes which resource types a committed transaction wrote, over Payara Micro's data grid (a Hazelcast
 * topic), so that they drop their kept views and caches of those types as this node does: the directory behind the
 * callers, the networks, the care paths. Only committed writes are sent, once per type and transaction, so no node drops
 * a view for a write that was rolled back. On a single node, started without the data grid ({@code --nohazelcast}), there is nobody to tell.
 */
@ApplicationScoped
public class WritesAcrossNodes {

    private static final Logger LOG = Logger.getLogger(WritesAcrossNodes.class.getName());

    /** Where Payara Micro names its data grid member. */
    static final String DATA_GRID = "payara/Hazelcast";

    static final String TOPIC = "hartketen.resource-types-written";

    @Inject
    @FromAnotherNode
    Event<ResourceTypeWritten> fromAnotherNode;

    @Resource
    ManagedExecutorService executor;

    @Resource
    TransactionSynchronizationRegistry transactions;

    private ITopic<String> topic;
    private UUID listener;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        dataGrid().ifPresent(grid -> {
            topic = grid.getTopic(TOPIC);
            listener = topic.addMessageListener(message -> {
                if (!message.getPublishingMember().localMember()) {
                    // Off the data grid's thread: observers run with the application's context.
                    executor.execute(() -> fromAnotherNode.fire(new ResourceTypeWritten(message.getMessageObject())));
                }
            });
            LOG.info(() -> "Writes are told to the other nodes of data grid cluster '"
                    + grid.getConfig().getClusterName() + "' ("
                    + grid.getCluster().getMembers().size()
                    + " members now)");
        });
    }

    /**
     * This node's own writes (not those other nodes told of): the types a transaction wrote are told once, when it
     * commits, however many resources it wrote.
     */
    void written(@Observes @Default ResourceTypeWritten written) {
        if (topic == null) {
            return;
        }
        if (transactions.getTransactionKey() == null) {
            publish(written.type());
            return;
        }
        @SuppressWarnings("unchecked")
        Set<String> types = (Set<String>) transactions.getResource(WritesAcrossNodes.class);
        if (types == null) {
            Set<String> firstOfThisTransaction = new LinkedHashSet<>();
            transactions.putResource(WritesAcrossNodes.class, firstOfThisTransaction);
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                    // nothing to tell before the outcome is known
                }

                @Override
                public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) {
                        firstOfThisTransaction.forEach(WritesAcrossNodes.this::publish);
                    }
                }
            });
            types = firstOfThisTransaction;
        }
        types.add(written.type());
    }

    private void publish(String type) {
        try {
            topic.publish(type);
        } catch (RuntimeException e) {
            // The write stands; the other nodes' views of this type expire by themselves or on the next write.
            LOG.log(Level.WARNING, "Could not tell the other nodes of a write of " + type, e);
        }
    }

    private static Optional<HazelcastInstance> dataGrid() {
        try {
            Object found = new InitialContext().lookup(DATA_GRID);
            if (found instanceof HazelcastInstance grid
                    && grid.getLifecycleService().isRunning()) {
                return Optional.of(grid);
            }
        } catch (NamingException | RuntimeException e) {
            LOG.log(Level.FINE, "No data grid: a single node", e);
        }
        return Optional.empty();
    }

    @PreDestroy
    void stop() {
        if (topic != null && listener != null) {
            topic.removeMessageListener(listener);
        }
    }
}
