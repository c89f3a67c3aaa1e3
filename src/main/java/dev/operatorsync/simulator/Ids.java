package dev.operatorsync.simulator;

/** Stable pseudo-random identifiers. */
final class Ids {
    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    /** 62^11 exceeds 2^64, so 11 digits hold any unsigned long. */
    static final int WIDTH = 11;

    private Ids() {
    }

    /** The splitmix64 finalizer: a bijection on 64 bits, so distinct inputs give distinct outputs. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /**
     * Appends {@code value} as an unsigned number in 11 base62 digits. The alphabet is in ASCII order and the width
     * is fixed, so comparing the strings orders them exactly like {@link Long#compareUnsigned}.
     */
    static void appendBase62(StringBuilder out, long value) {
        char[] digits = new char[WIDTH];
        for (int i = WIDTH - 1; i >= 0; i--) {
            digits[i] = BASE62[(int) Long.remainderUnsigned(value, 62)];
            value = Long.divideUnsigned(value, 62);
        }
        out.append(digits);
    }

    /** The value {@link #appendBase62} wrote, or empty when {@code text} is not 11 base62 digits. */
    static java.util.OptionalLong parseBase62(String text) {
        if (text.length() != WIDTH) return java.util.OptionalLong.empty();
        long value = 0;
        for (int i = 0; i < WIDTH; i++) {
            char ch = text.charAt(i);
            int digit = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'A' && ch <= 'Z' ? ch - 'A' + 10 : ch >= 'a' && ch <= 'z' ? ch - 'a' + 36 : -1;
            if (digit < 0) return java.util.OptionalLong.empty();
            value = value * 62 + digit; // wraps exactly as an unsigned long for any id appendBase62 wrote
        }
        return java.util.OptionalLong.of(value);
    }

    static String base62(long value) {
        StringBuilder sb = new StringBuilder(WIDTH);
        appendBase62(sb, value);
        return sb.toString();
    }
}
