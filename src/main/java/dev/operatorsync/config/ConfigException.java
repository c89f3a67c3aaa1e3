package dev.operatorsync.config;

/** A configuration value that is missing or wrong; the message names the key and what is wrong with it. */
public class ConfigException extends RuntimeException {
    private final String key;

    public ConfigException(String key, String problem) {
        super(describe(key, problem));
        this.key = key;
    }

    /** "key (VARIABLE): problem", the form every configuration message takes; an option ({@code --x}) has no variable. */
    public static String describe(String key, String problem) {
        return key.startsWith("-") ? key + ": " + problem : key + " (" + ConfigSource.environmentVariable(key) + "): " + problem;
    }

    public String key() {
        return key;
    }
}
