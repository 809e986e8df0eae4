package io.bmp.protocols.ipmi;

import java.util.Arrays;

/**
 * Reads IPMI's little-endian fields from a byte range, failing with a typed decode error (never an
 * index exception) when the bytes run out.
 */
public final class WireReader {

  private final byte[] bytes;
  private final int end;
  private int position;

  public WireReader(byte[] bytes) {
    this(bytes, 0, bytes.length);
  }

  public WireReader(byte[] bytes, int offset, int length) {
    if (offset < 0 || length < 0 || offset + length > bytes.length) {
      throw new IllegalArgumentException("range outside the array");
    }
    this.bytes = bytes;
    this.position = offset;
    this.end = offset + length;
  }

  public int remaining() {
    return end - position;
  }

  public int position() {
    return position;
  }

  public int u8() throws IpmiDecodeException {
    need(1);
    return bytes[position++] & 0xFF;
  }

  public int u16() throws IpmiDecodeException {
    need(2);
    int value = (bytes[position] & 0xFF) | (bytes[position + 1] & 0xFF) << 8;
    position += 2;
    return value;
  }

  /** A 32-bit little-endian field (session IDs and sequence numbers, timestamps). */
  public int u32() throws IpmiDecodeException {
    need(4);
    int value = (bytes[position] & 0xFF) | (bytes[position + 1] & 0xFF) << 8
        | (bytes[position + 2] & 0xFF) << 16 | (bytes[position + 3] & 0xFF) << 24;
    position += 4;
    return value;
  }

  public byte[] bytes(int count) throws IpmiDecodeException {
    need(count);
    byte[] out = Arrays.copyOfRange(bytes, position, position + count);
    position += count;
    return out;
  }

  public byte[] rest() {
    byte[] out = Arrays.copyOfRange(bytes, position, end);
    position = end;
    return out;
  }

  public void skip(int count) throws IpmiDecodeException {
    need(count);
    position += count;
  }

  private void need(int count) throws IpmiDecodeException {
    if (count < 0 || end - position < count) {
      throw new IpmiDecodeException("truncated: need " + count + " more bytes at offset " + position + ", have " + (end - position));
    }
  }
}
