package dynarock.conformance;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The checks the scenario makes; each failure names what was checked, the expectation and the answer. */
final class Check {
    /** A check that failed: the answer differs from what DynamoDB answers. */
    static final class Failed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failed(String message) {
            super(message);
        }
    }

    private Check() {
    }

    static void isTrue(boolean condition, String what) {
        if (!condition) {
            throw new Failed(what);
        }
    }

    static void equal(Object expected, Object actual, String what) {
        if (!java.util.Objects.equals(expected, actual)) {
            throw new Failed(what + ": expected " + expected + ", got " + actual);
        }
    }

    /** Runs a call that DynamoDB refuses, and returns the SDK's exception, which must be of the given class. */
    static <E extends AwsServiceException> E fails(Class<E> type, Runnable call, String what) {
        try {
            call.run();
        } catch (AwsServiceException e) {
            if (type.isInstance(e)) {
                return type.cast(e);
            }
            throw new Failed(what + ": expected " + type.getSimpleName() + ", got " + e);
        }
        throw new Failed(what + ": expected " + type.getSimpleName() + ", but the call succeeded");
    }

    /** Items compared attribute by attribute, by value (numbers as numbers, sets as sets). */
    static void sameItem(Map<String, AttributeValue> expected, Map<String, AttributeValue> actual, String what) {
        equal(expected.keySet(), actual.keySet(), what + ": attribute names");
        for (var e : expected.entrySet()) {
            sameValue(e.getValue(), actual.get(e.getKey()), what + "." + e.getKey());
        }
    }

    static void sameValue(AttributeValue expected, AttributeValue actual, String what) {
        equal(expected.type(), actual.type(), what + ": type");
        switch (expected.type()) {
            case S -> equal(expected.s(), actual.s(), what);
            case N -> equal(number(expected.n()), number(actual.n()), what);
            case B -> equal(expected.b(), actual.b(), what);
            case BOOL -> equal(expected.bool(), actual.bool(), what);
            case NUL -> equal(expected.nul(), actual.nul(), what);
            case SS -> equal(Set.copyOf(expected.ss()), Set.copyOf(actual.ss()), what);
            case NS -> equal(setOf(expected.ns(), Check::number), setOf(actual.ns(), Check::number), what);
            case BS -> equal(Set.copyOf(expected.bs()), Set.copyOf(actual.bs()), what);
            case M -> sameItem(expected.m(), actual.m(), what);
            case L -> sameList(expected.l(), actual.l(), what);
            default -> throw new Failed(what + ": unexpected type " + expected.type());
        }
    }

    private static void sameList(List<AttributeValue> expected, List<AttributeValue> actual, String what) {
        equal(expected.size(), actual.size(), what + ": length");
        for (int i = 0; i < expected.size(); i++) {
            sameValue(expected.get(i), actual.get(i), what + "[" + i + "]");
        }
    }

    /** A DynamoDB number as a value: 2.50 and 2.5 are the same number. */
    private static BigDecimal number(String n) {
        return new BigDecimal(n).stripTrailingZeros();
    }

    private static <T> Set<T> setOf(List<String> members, Function<String, T> value) {
        Set<T> set = new HashSet<>();
        members.forEach(m -> set.add(value.apply(m)));
        return set;
    }

    static SdkBytes bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return SdkBytes.fromByteArray(b);
    }
}
