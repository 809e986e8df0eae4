package io.bmp.protocols.ipmi.rmcp;

import io.bmp.protocols.ipmi.IpmiDecodeException;
import io.bmp.protocols.ipmi.WireReader;
import io.bmp.protocols.ipmi.WireWriter;

/**
 * The four-byte RMCP header in front of every IPMI-over-LAN datagram (IPMI 2.0 §13.1.3, DMTF ASF
 * 2.0 §3.2.2.1): version 06h, a reserved byte, a sequence number (FFh: IPMI asks for no RMCP
 * ACK) and the message class (07h IPMI, 06h ASF; bit 7 marks an RMCP ACK).
 */
public final class RmcpHeader {

  public static final int VERSION_1_0 = 0x06;
  public static final int NO_ACK_SEQUENCE = 0xFF;
  public static final int CLASS_ASF = 0x06;
  public static final int CLASS_IPMI = 0x07;
  public static final int LENGTH = 4;

  private RmcpHeader() {
  }

  /** Writes the header of an IPMI-class message. */
  public static void writeIpmi(WireWriter out) {
    out.u8(VERSION_1_0).u8(0).u8(NO_ACK_SEQUENCE).u8(CLASS_IPMI);
  }

  /** Reads the header and returns its message class; anything but RMCP 1.0 is refused. */
  public static int read(WireReader in) throws IpmiDecodeException {
    int version = in.u8();
    if (version != VERSION_1_0) {
      throw new IpmiDecodeException("not RMCP 1.0 (version byte " + hex(version) + ")");
    }
    in.u8(); // reserved
    in.u8(); // sequence number: IPMI traffic does not use RMCP ACKs
    int messageClass = in.u8();
    if ((messageClass & 0x80) != 0) {
      throw new IpmiDecodeException("an RMCP ACK, not a message");
    }
    return messageClass & 0x1F;
  }

  static String hex(int value) {
    return String.format("%02Xh", value);
  }
}
