package io.bmp.core.repo;

/**
 * The editable fields of a device; a null field keeps its value. {@code interfaces}, when given,
 * replace the device's NICs (a mistyped MAC is mended so).
 */
public record DevicePatch(
    String deviceTypeId, String cabinet, String uPosition, String bmcAddress, Integer bmcPort, String bmcUser,
    String bmcPasswordEnc, String mgmtIpv4, String mgmtMask, String mgmtGateway, String mgmtIpv6, String description,
    java.util.List<io.bmp.core.domain.NetworkInterface> interfaces) {}
