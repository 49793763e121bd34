package io.winnow.schemas;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where a schema registry's Confluent-compatible REST API lives, e.g. {@code http://registry:8081} for
 * Confluent's or Karapace, {@code http://apicurio:8080/apis/ccompat/v7} for Apicurio's, and how to log in
 * (HTTP basic, {@code user:password} as Confluent's {@code basic.auth.user.info}; null for none).
 */
public record RegistryEndpoint(URI url, String userInfo, Duration timeout) implements Serializable {

    public RegistryEndpoint {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(timeout, "timeout");
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new IllegalArgumentException("schema registry url must be http or https: " + url);
        }
        if (userInfo != null && !userInfo.contains(":")) {
            throw new IllegalArgumentException("schema registry user info must be user:password");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("schema registry timeout must be positive: " + timeout);
        }
    }

    /** An endpoint without login and with a 10 s timeout per request. */
    public static RegistryEndpoint of(String url) {
        return new RegistryEndpoint(URI.create(url), null, Duration.ofSeconds(10));
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "RegistryEndpoint[url=" + url + (userInfo == null ? "" : ", user=" + userInfo.substring(0, userInfo.indexOf(':')))
                + ", timeout=" + timeout + "]";
    }
}
