package io.bmp.protocols.ipmi.command.messaging;

import io.bmp.protocols.ipmi.IpmiDecodeException;
import io.bmp.protocols.ipmi.WireReader;
import io.bmp.protocols.ipmi.WireWriter;
import io.bmp.protocols.ipmi.command.Command;
import io.bmp.protocols.ipmi.message.NetFn;

/**
 * Get Channel Authentication Capabilities (IPMI 2.0 §22.13): the first request of every session,
 * sent before one exists. Bit 7 of the channel byte asks for the IPMI 2.0 extended data.
 */
public final class GetChannelAuthenticationCapabilities {

  public static final Command ID = new Command(NetFn.APP, 0x38, "Get Channel Authentication Capabilities");
  public static final int THIS_CHANNEL = 0x0E;

  private GetChannelAuthenticationCapabilities() {
  }

  public record Request(boolean v20Data, int channel, int privilege) {
    public byte[] encode() {
      return new byte[] {(byte) ((v20Data ? 0x80 : 0) | channel & 0x0F), (byte) privilege};
    }

    public static Request decode(byte[] data) throws IpmiDecodeException {
      WireReader in = new WireReader(data);
      int channel = in.u8();
      return new Request((channel & 0x80) != 0, channel & 0x0F, in.u8() & 0x0F);
    }
  }

  /**
   * @param authTypes IPMI 1.5 auth type bits (bit 7: IPMI 2.0 extended capabilities present)
   * @param status bit 2: non-null user names enabled, bit 1: null user names, bit 0: anonymous login
   * @param extended bit 1: IPMI 2.0 connections supported, bit 0: IPMI 1.5
   */
  public record Response(int channel, int authTypes, int status, int extended, int oemId, int oemAux) {
    public static final int SUPPORTS_V20 = 0x02;

    public byte[] encode() {
      return new WireWriter().u8(channel).u8(authTypes).u8(status).u8(extended).u8(oemId).u8(oemId >>> 8)
          .u8(oemId >>> 16).u8(oemAux).toByteArray();
    }

    public static Response decode(byte[] data) throws IpmiDecodeException {
      WireReader in = new WireReader(data);
      int channel = in.u8();
      int authTypes = in.u8();
      int status = in.u8();
      int extended = in.u8();
      int oemId = in.u8() | in.u8() << 8 | in.u8() << 16;
      return new Response(channel, authTypes, status, extended, oemId, in.u8());
    }

    public boolean supportsV20() {
      return (extended & SUPPORTS_V20) != 0;
    }
  }
}
