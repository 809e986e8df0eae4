package io.bmp.protocols.ipmi.server;

/** A user account of a (simulated) BMC: name, password and the highest privilege it may take. */
public record BmcUser(String name, String password, int maxPrivilege) {
}
