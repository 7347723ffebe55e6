package dev.deepfake4j.internal;

/**
 * Argument and state checks with lazily formatted messages, for the deepfake4j modules only (see the
 * {@linkplain dev.deepfake4j.internal package} notes: not public API).
 *
 * <p>Messages are templates in which each {@code %s} is replaced, in order, by the next argument's
 * {@link String#valueOf(Object)}; surplus arguments are appended in square brackets, surplus {@code %s} stay as they
 * are, and an argument whose {@code toString()} throws is shown by its class and identity hash. Nothing else in the
 * template (no other {@code %} conversion) is interpreted, so a message is built only when a check fails and never
 * fails itself. These are the rules of Guava's {@code Preconditions}, which the project used before, so messages
 * are unchanged.
 */
public final class Checks {
    private Checks() {
    }

    /**
     * @param condition what must hold for the caller's arguments
     * @param message the message when it does not
     * @throws IllegalArgumentException with {@code message} when {@code condition} is false
     */
    public static void checkArgument(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(String.valueOf(message));
        }
    }

    /**
     * @param condition what must hold for the caller's arguments
     * @param template the message when it does not, with a {@code %s} for each of {@code args}
     * @param args the values the message names
     * @throws IllegalArgumentException with the formatted message when {@code condition} is false
     */
    public static void checkArgument(boolean condition, String template, Object... args) {
        if (!condition) {
            throw new IllegalArgumentException(format(template, args));
        }
    }

    /**
     * @param condition what must hold for the caller's state
     * @param message the message when it does not
     * @throws IllegalStateException with {@code message} when {@code condition} is false
     */
    public static void checkState(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(String.valueOf(message));
        }
    }

    /**
     * @param condition what must hold for the caller's state
     * @param template the message when it does not, with a {@code %s} for each of {@code args}
     * @param args the values the message names
     * @throws IllegalStateException with the formatted message when {@code condition} is false
     */
    public static void checkState(boolean condition, String template, Object... args) {
        if (!condition) {
            throw new IllegalStateException(format(template, args));
        }
    }

    /**
     * Fills a message template by the rules in the class description; never throws.
     *
     * @param template a message with {@code %s} placeholders; {@code null} reads as {@code "null"}
     * @param args the values for the placeholders; a {@code null} array reads as one value,
     *        {@code "(Object[])null"}
     * @return the message
     */
    public static String format(String template, Object... args) {
        String text = String.valueOf(template);
        Object[] values = args == null ? new Object[] {"(Object[])null"} : args;
        StringBuilder out = new StringBuilder(text.length() + 16 * values.length);
        int from = 0;
        int used = 0;
        while (used < values.length) {
            int at = text.indexOf("%s", from);
            if (at < 0) {
                break;
            }
            out.append(text, from, at).append(show(values[used++]));
            from = at + 2;
        }
        out.append(text, from, text.length());
        if (used < values.length) {
            out.append(" [");
            for (int i = used; i < values.length; i++) {
                if (i > used) {
                    out.append(", ");
                }
                out.append(show(values[i]));
            }
            out.append(']');
        }
        return out.toString();
    }

    private static String show(Object value) {
        try {
            return String.valueOf(value);
        } catch (Exception e) {
            return "<" + value.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(value))
                    + " threw " + e.getClass().getName() + ">";
        }
    }
}
