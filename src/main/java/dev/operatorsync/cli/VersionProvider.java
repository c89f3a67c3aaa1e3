package dev.operatorsync.cli;

import dev.operatorsync.config.Settings;
import picocli.CommandLine.IVersionProvider;

final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"operator-sync " + Settings.VERSION};
    }
}
