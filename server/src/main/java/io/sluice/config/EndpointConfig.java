package io.sluice.config;

import java.net.URI;

/** One upstream server: {@code http://host:port} and its weight for weighted balancing. */
public record EndpointConfig(String url, Integer weight) {

    public EndpointConfig {
        url = Checks.required("url", url);
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw ConfigException.invalid("url", url, "an absolute URL such as http://10.0.0.5:8080");
        }
        if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                || (uri.getPath() != null && !uri.getPath().isEmpty() && !"/".equals(uri.getPath()))) {
            throw ConfigException.invalid("url", url, "http:// or https:// with a host and optional port, no path");
        }
        weight = Checks.range("weight", weight, 1, 1, 1000);
    }

    public URI uri() {
        return URI.create(url);
    }
}
