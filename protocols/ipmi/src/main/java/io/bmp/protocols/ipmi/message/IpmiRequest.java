package io.bmp.protocols.ipmi.message;

import io.bmp.protocols.ipmi.IpmiDecodeException;
import io.bmp.protocols.ipmi.WireReader;
import io.bmp.protocols.ipmi.WireWriter;

/**
 * An IPMI request message as carried on a LAN session (IPMI 2.0 §13.8, Table 13-4): responder
 * address, netFn/LUN, checksum, requester address, sequence/LUN, command, data, checksum. The
 * 6-bit sequence number is how a requester pairs a response with its request.
 */
public record IpmiRequest(int responderAddress, int netFn, int responderLun, int requesterAddress, int sequence,
    int requesterLun, int command, byte[] data) {

  /** The BMC's slave address and the remote console's software ID (§5.5). */
  public static final int BMC_ADDRESS = 0x20;
  public static final int CONSOLE_SOFTWARE_ID = 0x81;

  /** A request from a remote console to the BMC, LUN 0. */
  public static IpmiRequest toBmc(int netFn, int command, int sequence, byte[] data) {
    return new IpmiRequest(BMC_ADDRESS, netFn, 0, CONSOLE_SOFTWARE_ID, sequence & 0x3F, 0, command, data);
  }

  public byte[] encode() {
    WireWriter out = new WireWriter();
    int second = (netFn << 2) | (responderLun & 0x03);
    out.u8(responderAddress).u8(second).u8(checksum(responderAddress + second));
    int sequenceLun = (sequence << 2) | (requesterLun & 0x03);
    out.u8(requesterAddress).u8(sequenceLun).u8(command).bytes(data);
    int sum = requesterAddress + sequenceLun + command + sum(data);
    return out.u8(checksum(sum)).toByteArray();
  }

  public static IpmiRequest decode(byte[] bytes) throws IpmiDecodeException {
    verify(bytes);
    WireReader in = new WireReader(bytes, 0, bytes.length - 1);
    int responder = in.u8();
    int second = in.u8();
    in.u8();
    int requester = in.u8();
    int sequenceLun = in.u8();
    int command = in.u8();
    return new IpmiRequest(responder, second >>> 2, second & 0x03, requester, sequenceLun >>> 2, sequenceLun & 0x03,
        command, in.rest());
  }

  /** Both checksums of a LAN message: each covers its part and itself to zero mod 256. */
  static void verify(byte[] bytes) throws IpmiDecodeException {
    if (bytes.length < 7) {
      throw new IpmiDecodeException("an IPMI message of " + bytes.length + " bytes (at least 7)");
    }
    if (((bytes[0] + bytes[1] + bytes[2]) & 0xFF) != 0) {
      throw new IpmiDecodeException("IPMI header checksum mismatch");
    }
    int sum = 0;
    for (int i = 3; i < bytes.length; i++) {
      sum += bytes[i];
    }
    if ((sum & 0xFF) != 0) {
      throw new IpmiDecodeException("IPMI data checksum mismatch");
    }
  }

  static int checksum(int sum) {
    return (-sum) & 0xFF;
  }

  static int sum(byte[] data) {
    int sum = 0;
    for (byte b : data) {
      sum += b & 0xFF;
    }
    return sum;
  }
}
