package io.sluice.monitor.session;

import java.util.Locale;

/** One spelling per admin address, so a member named twice (seed URL and member list) gets one link. */
final class AdminClientUrls {

    private static final String API = "/admin/v1";

    private AdminClientUrls() {
    }

    static String normalize(String adminUrl) {
        String url = adminUrl.strip();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        if (url.endsWith(API)) {
            url = url.substring(0, url.length() - API.length());
        }
        return url.toLowerCase(Locale.ROOT);
    }
}
