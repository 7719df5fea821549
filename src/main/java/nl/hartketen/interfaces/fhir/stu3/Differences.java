package nl.hartketen.interfaces.fhir.stu3;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseExtension;
import org.hl7.fhir.instance.model.api.IBaseHasExtensions;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;

/**
 * Where two resources of one FHIR version differ, as element paths ("ReferralRequest.requester.onBehalfOf"). Used on
 * a resource and the same resource converted to the other version and back: every path found is something the other
 * version cannot carry.
 */
final class Differences {

    /** Kept by the server, not by the client: versionId, lastUpdated, profile claims. */
    private static final Set<String> NOT_COMPARED = Set.of("id", "meta");

    private final FhirContext context;

    Differences(FhirContext context) {
        this.context = context;
    }

    /** The paths of {@code original} whose content {@code returned} does not have the same, outermost first. */
    Set<String> between(IBaseResource original, IBaseResource returned) {
        Set<String> found = new LinkedHashSet<>();
        if (!original.getClass().equals(returned.getClass())) {
            found.add(context.getResourceType(original));
            return found;
        }
        compareChildren(
                context.getResourceDefinition(original),
                original,
                returned,
                context.getResourceType(original),
                true,
                found);
        return found;
    }

    private void compare(BaseRuntimeElementDefinition<?> definition, IBase a, IBase b, String path, Set<String> found) {
        if (!a.getClass().equals(b.getClass())) {
            found.add(path);
            return;
        }
        if (a instanceof IPrimitiveType<?> primitiveA
                && !Objects.equals(primitiveA.getValueAsString(), ((IPrimitiveType<?>) b).getValueAsString())) {
            found.add(path);
        }
        if (a instanceof IBaseExtension<?, ?> extensionA
                && !Objects.equals(extensionA.getUrl(), ((IBaseExtension<?, ?>) b).getUrl())) {
            found.add(path);
        }
        if (a instanceof IPrimitiveType<?> && a instanceof IBaseHasExtensions withExtensions) {
            compareExtensions(withExtensions.getExtension(), ((IBaseHasExtensions) b).getExtension(), path, found);
        }
        if (definition instanceof BaseRuntimeElementCompositeDefinition<?> composite) {
            compareChildren(composite, a, b, path, false, found);
        }
    }

    private void compareChildren(
            BaseRuntimeElementCompositeDefinition<?> definition,
            IBase a,
            IBase b,
            String path,
            boolean resourceLevel,
            Set<String> found) {
        for (BaseRuntimeChildDefinition child : definition.getChildren()) {
            String name = child.getElementName().replace("[x]", "");
            if (resourceLevel && NOT_COMPARED.contains(name)) {
                continue;
            }
            List<IBase> valuesA = child.getAccessor().getValues(a);
            List<IBase> valuesB = child.getAccessor().getValues(b);
            String childPath = path + "." + name;
            for (int i = 0; i < Math.max(valuesA.size(), valuesB.size()); i++) {
                if (i >= valuesA.size() || i >= valuesB.size()) {
                    found.add(childPath);
                    break;
                }
                IBase valueA = valuesA.get(i);
                compare(definitionOf(child, valueA), valueA, valuesB.get(i), childPath, found);
            }
        }
    }

    private void compareExtensions(
            List<? extends IBaseExtension<?, ?>> a,
            List<? extends IBaseExtension<?, ?>> b,
            String path,
            Set<String> found) {
        if (a.size() != b.size()) {
            found.add(path + ".extension");
            return;
        }
        for (int i = 0; i < a.size(); i++) {
            compare(context.getElementDefinition(a.get(i).getClass()), a.get(i), b.get(i), path + ".extension", found);
        }
    }

    private BaseRuntimeElementDefinition<?> definitionOf(BaseRuntimeChildDefinition child, IBase value) {
        if (value instanceof IBaseResource resource) {
            return context.getResourceDefinition(resource);
        }
        BaseRuntimeElementDefinition<?> definition = child.getChildElementDefinitionByDatatype(value.getClass());
        return definition != null ? definition : child.getChildByName(child.getElementName());
    }
}
