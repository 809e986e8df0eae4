package io.bmp.protocols.ipmi.command;

/**
 * A command's address in IPMI: its request network function and command code. Each command class
 * in the subpackages (named after the spec's chapters, as ipmi4j does) holds one as {@code ID}
 * next to its Request and Response records.
 */
public record Command(int netFn, int code, String name) {
}
