package nl.hartketen.it;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The one deployment every container test uses: the WAR exactly as `mvn package` built it. */
public final class Deployments {

    private Deployments() {}

    public static WebArchive application() {
        File war = new File(System.getProperty("it.war", "target/hartketen.war"));
        return ShrinkWrap.create(ZipImporter.class, "hartketen.war")
                .importFrom(war)
                .as(WebArchive.class);
    }
}
