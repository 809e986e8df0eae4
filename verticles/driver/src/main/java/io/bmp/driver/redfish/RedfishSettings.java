package io.bmp.driver.redfish;

/**
 * Redfish timing: a call's timeout (Redfish calls often take seconds), how many attempts, and the
 * first retry pause (doubled per attempt, jittered); {@code verifyTls} false accepts the
 * self-signed certificates most BMCs ship with.
 */
public record RedfishSettings(long timeoutMillis, int attempts, long retryMillis, boolean verifyTls) {
}
