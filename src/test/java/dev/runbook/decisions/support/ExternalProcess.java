package dev.runbook.decisions.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A program the tests start (Prometheus, Alertmanager) and stop by PID; its output goes to target/it-logs/NAME.log. */
public final class ExternalProcess implements AutoCloseable {

    private final Process process;

    private ExternalProcess(Process process) {
        this.process = process;
    }

    public static ExternalProcess start(String name, List<String> command) throws IOException {
        if (!Files.isExecutable(Path.of(command.get(0)))) {
            throw new IllegalStateException(command.get(0) + " is not installed; .ci/run installs it from Debian's packages");
        }
        Path logs = Path.of("target/it-logs").toAbsolutePath();
        Files.createDirectories(logs);
        return new ExternalProcess(new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(name + ".log").toFile())).start());
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
