package io.bmp.protocols.ipmi;

import java.util.Arrays;

/** Appends IPMI's little-endian fields to a growing byte array. */
public final class WireWriter {

  private byte[] bytes = new byte[64];
  private int size;

  public WireWriter u8(int value) {
    ensure(1);
    bytes[size++] = (byte) value;
    return this;
  }

  public WireWriter u16(int value) {
    ensure(2);
    bytes[size++] = (byte) value;
    bytes[size++] = (byte) (value >>> 8);
    return this;
  }

  public WireWriter u32(int value) {
    ensure(4);
    bytes[size++] = (byte) value;
    bytes[size++] = (byte) (value >>> 8);
    bytes[size++] = (byte) (value >>> 16);
    bytes[size++] = (byte) (value >>> 24);
    return this;
  }

  public WireWriter bytes(byte[] values) {
    return bytes(values, 0, values.length);
  }

  public WireWriter bytes(byte[] values, int offset, int length) {
    ensure(length);
    System.arraycopy(values, offset, bytes, size, length);
    size += length;
    return this;
  }

  public WireWriter zeros(int count) {
    ensure(count);
    size += count; // the array is zero-filled where nothing was written yet
    return this;
  }

  public int size() {
    return size;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }
}
