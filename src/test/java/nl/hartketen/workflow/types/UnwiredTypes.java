package nl.hartketen.workflow.types;

import java.lang.reflect.InvocationTargetException;

/** The registered types as handlers that describe their type, without a container to wire their writes. */
public final class UnwiredTypes {

    private UnwiredTypes() {}

    public static StoredTypes all() {
        return new StoredTypes(StoredTypes.REGISTERED.stream()
                .<StoredType<?>>map(UnwiredTypes::describing)
                .toList());
    }

    private static StoredType<?> describing(Class<? extends StoredType<?>> type) {
        try {
            return type.getConstructor().newInstance();
        } catch (NoSuchMethodException
                | InstantiationException
                | IllegalAccessException
                | InvocationTargetException e) {
            throw new IllegalStateException(type + " needs a public no-argument constructor", e);
        }
    }
}
