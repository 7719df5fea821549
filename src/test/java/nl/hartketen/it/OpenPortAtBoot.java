package nl.hartketen.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The container under test gets the shipped pre-boot commands without the one that keeps the port closed until the
 * application is deployed: Arquillian's Payara Micro container learns the HTTP port from the listeners open at boot,
 * and finds none. {@link CrashIT} checks the shipped behaviour on the runnable jar. Registered before the Arquillian
 * extension, which reads {@code it.prebootCommands} when it starts the container.
 */
public class OpenPortAtBoot implements BeforeAllCallback {

    static final String CLOSES_THE_PORT = "http-listener.enabled=false";

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        Path shipped =
                Path.of(System.getProperty("it.prebootCommands", "deployments/embedded/pre-boot-commands.asadmin"));
        if (shipped.getFileName().toString().startsWith("open-port-")) {
            return; // done for this run already
        }
        String commands = Files.readAllLines(shipped).stream()
                .filter(line -> !line.contains(CLOSES_THE_PORT))
                .collect(Collectors.joining("\n", "", "\n"));
        Path open = Path.of("target", "open-port-" + shipped.getFileName()).toAbsolutePath();
        Files.writeString(open, commands);
        System.setProperty("it.prebootCommands", open.toString());
    }
}
