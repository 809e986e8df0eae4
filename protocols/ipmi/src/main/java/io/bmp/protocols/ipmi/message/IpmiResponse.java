package io.bmp.protocols.ipmi.message;

import io.bmp.protocols.ipmi.IpmiDecodeException;
import io.bmp.protocols.ipmi.WireReader;
import io.bmp.protocols.ipmi.WireWriter;

/**
 * An IPMI response message on a LAN session (IPMI 2.0 §13.8, Table 13-5): the requester's address
 * first, the response netFn (request netFn + 1), the completion code, then the data.
 */
public record IpmiResponse(int requesterAddress, int netFn, int requesterLun, int responderAddress, int sequence,
    int responderLun, int command, int completionCode, byte[] data) {

  /** The response the BMC gives to {@code request}. */
  public static IpmiResponse to(IpmiRequest request, int completionCode, byte[] data) {
    return new IpmiResponse(request.requesterAddress(), request.netFn() | 1, request.requesterLun(),
        request.responderAddress(), request.sequence(), request.responderLun(), request.command(), completionCode,
        completionCode == CompletionCode.OK ? data : new byte[0]);
  }

  /** Whether this answers {@code request}: same sequence, command and netFn + 1. */
  public boolean answers(IpmiRequest request) {
    return sequence == request.sequence() && command == request.command() && netFn == (request.netFn() | 1);
  }

  public boolean ok() {
    return completionCode == CompletionCode.OK;
  }

  public byte[] encode() {
    WireWriter out = new WireWriter();
    int second = (netFn << 2) | (requesterLun & 0x03);
    out.u8(requesterAddress).u8(second).u8(IpmiRequest.checksum(requesterAddress + second));
    int sequenceLun = (sequence << 2) | (responderLun & 0x03);
    out.u8(responderAddress).u8(sequenceLun).u8(command).u8(completionCode).bytes(data);
    int sum = responderAddress + sequenceLun + command + completionCode + IpmiRequest.sum(data);
    return out.u8(IpmiRequest.checksum(sum)).toByteArray();
  }

  public static IpmiResponse decode(byte[] bytes) throws IpmiDecodeException {
    IpmiRequest.verify(bytes);
    if (bytes.length < 8) {
      throw new IpmiDecodeException("an IPMI response without a completion code");
    }
    WireReader in = new WireReader(bytes, 0, bytes.length - 1);
    int requester = in.u8();
    int second = in.u8();
    in.u8();
    int responder = in.u8();
    int sequenceLun = in.u8();
    int command = in.u8();
    int completion = in.u8();
    return new IpmiResponse(requester, second >>> 2, second & 0x03, responder, sequenceLun >>> 2, sequenceLun & 0x03,
        command, completion, in.rest());
  }
}
