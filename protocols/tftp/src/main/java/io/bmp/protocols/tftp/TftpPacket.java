package io.bmp.protocols.tftp;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The six TFTP packets (RFC 1350 §5, OACK from RFC 2347), with their wire form. */
public sealed interface TftpPacket {

  int RRQ = 1;
  int WRQ = 2;
  int DATA = 3;
  int ACK = 4;
  int ERROR = 5;
  int OACK = 6;

  byte[] encode();

  /** A read or write request; option names are kept in lower case, in the order sent. */
  record Request(boolean write, String filename, String mode, Map<String, String> options) implements TftpPacket {
    public Request {
      options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    @Override
    public byte[] encode() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(0);
      out.write(write ? WRQ : RRQ);
      cString(out, filename);
      cString(out, mode);
      options.forEach((k, v) -> {
        cString(out, k);
        cString(out, v);
      });
      return out.toByteArray();
    }
  }

  /** A data block; {@code block} is the 16-bit wire number. */
  record Data(int block, byte[] payload, int offset, int length) implements TftpPacket {
    public Data(int block, byte[] payload) {
      this(block, payload, 0, payload.length);
    }

    @Override
    public byte[] encode() {
      byte[] out = new byte[4 + length];
      out[1] = DATA;
      out[2] = (byte) (block >> 8);
      out[3] = (byte) block;
      System.arraycopy(payload, offset, out, 4, length);
      return out;
    }
  }

  record Ack(int block) implements TftpPacket {
    @Override
    public byte[] encode() {
      return new byte[] {0, ACK, (byte) (block >> 8), (byte) block};
    }
  }

  record Error(TftpError error, String message) implements TftpPacket {
    @Override
    public byte[] encode() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(0);
      out.write(ERROR);
      out.write(0);
      out.write(error.code());
      cString(out, message);
      return out.toByteArray();
    }
  }

  record OptionAck(Map<String, String> options) implements TftpPacket {
    public OptionAck {
      options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    @Override
    public byte[] encode() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(0);
      out.write(OACK);
      options.forEach((k, v) -> {
        cString(out, k);
        cString(out, v);
      });
      return out.toByteArray();
    }
  }

  /** Reads one packet; throws only {@link TftpDecodeException}. */
  static TftpPacket decode(byte[] bytes, int offset, int length) throws TftpDecodeException {
    if (length < 4) {
      throw new TftpDecodeException("packet of " + length + " bytes");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes, offset, length);
    int opcode = in.getShort() & 0xffff;
    return switch (opcode) {
      case RRQ, WRQ -> {
        String filename = readString(in, "filename");
        String mode = readString(in, "mode").toLowerCase(Locale.ROOT);
        Map<String, String> options = new LinkedHashMap<>();
        while (in.hasRemaining()) {
          String name = readString(in, "option name").toLowerCase(Locale.ROOT);
          String value = readString(in, "value of option " + name);
          options.putIfAbsent(name, value);
        }
        yield new Request(opcode == WRQ, filename, mode, options);
      }
      case DATA -> {
        int block = in.getShort() & 0xffff;
        byte[] payload = new byte[in.remaining()];
        in.get(payload);
        yield new Data(block, payload);
      }
      case ACK -> new Ack(in.getShort() & 0xffff);
      case ERROR -> {
        int code = in.getShort() & 0xffff;
        yield new Error(TftpError.of(code), in.hasRemaining() ? readString(in, "error message") : "");
      }
      case OACK -> {
        Map<String, String> options = new LinkedHashMap<>();
        while (in.hasRemaining()) {
          String name = readString(in, "option name").toLowerCase(Locale.ROOT);
          options.put(name, readString(in, "value of option " + name));
        }
        yield new OptionAck(options);
      }
      default -> throw new TftpDecodeException("opcode " + opcode);
    };
  }

  static TftpPacket decode(byte[] bytes) throws TftpDecodeException {
    return decode(bytes, 0, bytes.length);
  }

  private static String readString(ByteBuffer in, String what) throws TftpDecodeException {
    int start = in.position();
    int limit = in.limit();
    for (int i = start; i < limit; i++) {
      if (in.get(i) == 0) {
        String s = new String(in.array(), in.arrayOffset() + start, i - start, StandardCharsets.US_ASCII);
        in.position(i + 1);
        return s;
      }
    }
    throw new TftpDecodeException(what + " is not NUL-terminated");
  }

  private static void cString(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    out.write(0);
  }
}
