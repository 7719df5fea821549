package nl.hartketen.workflow.check;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeChildChoiceDefinition;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseExtension;
import org.hl7.fhir.instance.model.api.IBaseHasExtensions;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;

/**
 * Every element of a resource, contained resources and extensions included, each with its path as FHIRPath and the
 * validator name it ("ServiceRequest.performer[0]", "Patient.identifier[1].value"): the checks that must see all of a
 * resource walk it here, by HAPI's definitions of the types, instead of each knowing where things may be.
 */
final class Elements {

    /** One element: where it is, its parent, the definition of the child it is in, and its value. */
    interface Visitor {
        void visit(String path, IBase parent, BaseRuntimeChildDefinition child, IBase value);
    }

    private Elements() {}

    static void walk(FhirContext context, IBaseResource resource, Visitor visitor) {
        walk(context, resource, context.getResourceDefinition(resource), resource.fhirType(), visitor);
    }

    private static void walk(
            FhirContext context,
            IBase element,
            BaseRuntimeElementCompositeDefinition<?> definition,
            String path,
            Visitor visitor) {
        for (BaseRuntimeChildDefinition child : definition.getChildrenAndExtension()) {
            List<IBase> values = child.getAccessor().getValues(element);
            for (int i = 0; i < values.size(); i++) {
                IBase value = values.get(i);
                String name = child instanceof RuntimeChildChoiceDefinition
                        ? child.getChildNameByDatatype(value.getClass())
                        : child.getElementName();
                String childPath = path + "." + name + (child.getMax() == 1 ? "" : "[" + i + "]");
                visitor.visit(childPath, element, child, value);
                descend(context, value, childPath, visitor);
            }
        }
    }

    private static void descend(FhirContext context, IBase value, String path, Visitor visitor) {
        if (value instanceof IBaseResource contained) {
            walk(context, contained, context.getResourceDefinition(contained), path, visitor);
            return;
        }
        BaseRuntimeElementDefinition<?> definition = context.getElementDefinition(value.getClass());
        if (definition instanceof BaseRuntimeElementCompositeDefinition<?> composite) {
            walk(context, value, composite, path, visitor);
        } else if (value instanceof IPrimitiveType<?> && value instanceof IBaseHasExtensions withExtensions) {
            // A primitive's own extensions ("_family": {"extension": …}) are no child of any definition.
            List<? extends IBaseExtension<?, ?>> extensions = withExtensions.getExtension();
            for (int i = 0; i < extensions.size(); i++) {
                IBaseExtension<?, ?> extension = extensions.get(i);
                walk(
                        context,
                        extension,
                        (BaseRuntimeElementCompositeDefinition<?>) context.getElementDefinition(extension.getClass()),
                        path + ".extension[" + i + "]",
                        visitor);
            }
        }
    }
}
