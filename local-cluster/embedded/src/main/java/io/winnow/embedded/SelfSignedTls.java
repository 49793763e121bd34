package io.winnow.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A broker key pair and a client truststore for 127.0.0.1, made with the JDK's own {@code keytool}
 * (no library makes keystores, and none should be committed): a PKCS12 keystore holding a
 * self-signed RSA certificate whose subject alternative name is the loopback address, and a PKCS12
 * truststore holding that certificate alone, so clients verify the broker's name as in production.
 *
 * @param keystore the broker's key and certificate
 * @param truststore what clients trust
 * @param password the password of both stores and of the key
 */
public record SelfSignedTls(Path keystore, Path truststore, String password) {

    /** Generates the two stores in {@code folder}. */
    public static SelfSignedTls generate(Path folder, String password) {
        Path keystore = folder.resolve("broker.p12");
        Path certificate = folder.resolve("broker.crt");
        Path truststore = folder.resolve("truststore.p12");
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=" + EmbeddedKafka.HOST, "-ext", "SAN=ip:" + EmbeddedKafka.HOST,
                "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", password, "-keypass", password);
        keytool("-exportcert", "-alias", "broker", "-rfc", "-file", certificate.toString(),
                "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", password);
        keytool("-importcert", "-noprompt", "-alias", "broker", "-file", certificate.toString(),
                "-keystore", truststore.toString(), "-storetype", "PKCS12", "-storepass", password);
        return new SelfSignedTls(keystore, truststore, password);
    }

    private static void keytool(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        try {
            Path output = Files.createTempFile("keytool-", ".log");
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("keytool " + arguments[0] + " did not finish within 60 s");
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException("keytool " + arguments[0] + " failed: "
                            + Files.readString(output, StandardCharsets.UTF_8).trim());
                }
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run keytool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool", e);
        }
    }
}
