package dev.operatorsync.config;

/** A configuration value that is missing or wrong; the message names the key and what is wrong with it. */
public class ConfigException extends RuntimeException {
    private final String key;

    public ConfigException(String key, String problem) {
        super(key.startsWith("-") ? key + ": " + problem : key + " (" + ConfigSource.environmentVariable(key) + "): " + problem);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
