package dev.runbook.decisions.decide;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns what the DMN engine decided (BigDecimal numbers, strings, booleans, lists and maps) into the Java types
 * {@link ModelContract} reads, directly: no serialising to a token stream and reading it back per decision. As strict
 * as reading the same value as JSON with {@code FAIL_ON_NULL_FOR_PRIMITIVES} and
 * {@code FAIL_ON_MISSING_CREATOR_PROPERTIES}: an unknown or missing record component, a null for a primitive or a
 * value of another kind fails with an {@link IllegalArgumentException} naming it.
 */
final class ContextValues {

    /** Each record's components and canonical constructor, looked up once: reflection copies them on every call. */
    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> record) {
            RecordComponent[] components = record.getRecordComponents();
            try {
                return new Shape(Arrays.stream(components).map(RecordComponent::getName).toList(),
                        Arrays.stream(components).map(RecordComponent::getGenericType).toList(),
                        record.getDeclaredConstructor(Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new)));
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(record + " has no canonical constructor", e);
            }
        }
    };

    private ContextValues() {
    }

    /** {@code value} as {@code type}: a simple type, a record, a {@code List} of one, or a {@code Map} of anything. */
    static Object convert(Object value, Type type, String path) {
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            if (raw == List.class) {
                List<Object> list = new ArrayList<>();
                Type element = parameterized.getActualTypeArguments()[0];
                for (Object item : kind(value, List.class, path)) {
                    list.add(convert(item, element, path));
                }
                return list;
            }
            if (raw == Map.class) {
                return untyped(value);
            }
            throw new IllegalArgumentException(path + ": cannot read a " + type.getTypeName());
        }
        Class<?> target = (Class<?>) type;
        if (value == null) {
            if (target.isPrimitive()) {
                throw new IllegalArgumentException(path + ": null for the " + target + " component");
            }
            return null;
        }
        if (target.isRecord()) {
            return record(kind(value, Map.class, path), target, path);
        }
        if (target == String.class) {
            return kind(value, String.class, path);
        }
        if (target == Boolean.class || target == boolean.class) {
            return kind(value, Boolean.class, path);
        }
        if (target == Object.class) {
            return untyped(value);
        }
        Number number = kind(value, Number.class, path);
        if (target == Integer.class || target == int.class) {
            return number.intValue();
        }
        if (target == Long.class || target == long.class) {
            return number.longValue();
        }
        if (target == Double.class || target == double.class) {
            return number.doubleValue();
        }
        if (target == BigDecimal.class) {
            return number instanceof BigDecimal decimal ? decimal : new BigDecimal(number.toString());
        }
        throw new IllegalArgumentException(path + ": cannot read a " + target.getName());
    }

    private static Object record(Map<?, ?> values, Class<?> record, String path) {
        Shape shape = SHAPES.get(record);
        Object[] arguments = new Object[shape.names().size()];
        for (int i = 0; i < arguments.length; i++) {
            String name = shape.names().get(i);
            if (!values.containsKey(name)) {
                throw new IllegalArgumentException(path + ": missing the component '" + name + "' of " + record.getSimpleName());
            }
            arguments[i] = convert(values.get(name), shape.types().get(i), path + "." + name);
        }
        if (values.size() != arguments.length) {
            values.keySet().stream().filter(key -> !shape.names().contains(key)).findFirst().ifPresent(key -> {
                throw new IllegalArgumentException(path + ": '" + key + "' is no component of " + record.getSimpleName());
            });
        }
        try {
            return shape.constructor().newInstance(arguments);
        } catch (InstantiationException | IllegalAccessException e) {
            throw new IllegalStateException(e);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(path + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Maps and lists copied (as reading them as JSON would), everything else as the engine gave it. */
    private static Object untyped(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, item) -> copy.put(String.valueOf(key), untyped(item)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(item -> copy.add(untyped(item)));
            return copy;
        }
        return value;
    }

    private static <T> T kind(Object value, Class<T> kind, String path) {
        if (!kind.isInstance(value)) {
            throw new IllegalArgumentException(path + ": a " + value.getClass().getSimpleName() + " where a "
                    + kind.getSimpleName() + " is read");
        }
        return kind.cast(value);
    }

    private record Shape(List<String> names, List<Type> types, Constructor<?> constructor) {
    }
}
