package io.bmp.protocols.ipmi.command.chassis;

import io.bmp.protocols.ipmi.IpmiDecodeException;
import io.bmp.protocols.ipmi.WireReader;

/**
 * System boot options parameter 5, boot flags (IPMI 2.0 Table 28-14): data 1 bit 7 valid, bit 6
 * persistent (else next boot only), bit 5 EFI (else legacy); data 2 bits 5:2 the device.
 */
public record BootFlags(boolean valid, boolean persistent, boolean efi, BootDevice device) {

  public static final int PARAMETER = 5;

  public byte[] encode() {
    int first = (valid ? 0x80 : 0) | (persistent ? 0x40 : 0) | (efi ? 0x20 : 0);
    return new byte[] {(byte) first, (byte) (device.selector << 2), 0, 0, 0};
  }

  public static BootFlags decode(byte[] data) throws IpmiDecodeException {
    WireReader in = new WireReader(data);
    int first = in.u8();
    int second = in.u8();
    return new BootFlags((first & 0x80) != 0, (first & 0x40) != 0, (first & 0x20) != 0, BootDevice.of(second >>> 2 & 0x0F));
  }
}
