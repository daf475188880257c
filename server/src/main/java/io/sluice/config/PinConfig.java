package io.sluice.config;

/**
 * Traffic colouring for a split route: a request whose {@code header} or {@code cookie} names one
 * of the split's upstream groups goes to that group whatever the weights say (the header wins when
 * both are present). A value that names no group of the split falls back to the weights.
 */
public record PinConfig(String header, String cookie) {

    public PinConfig {
        if (header == null && cookie == null) {
            throw new ConfigException("", "set header, cookie or both");
        }
        if (header != null && !header.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
            throw ConfigException.invalid("header", header, "a header name");
        }
        if (cookie != null && !cookie.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
            throw ConfigException.invalid("cookie", cookie, "a cookie name");
        }
    }
}
