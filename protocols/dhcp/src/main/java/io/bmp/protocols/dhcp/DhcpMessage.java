package io.bmp.protocols.dhcp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One DHCPv4 message (RFC 2131 §2, figure 1): the fixed BOOTP header and its options.
 *
 * <p>Addresses are IPv4 addresses as unsigned ints in network order ({@link Ipv4}). Options keep
 * the order in which they were read or put; an option that appears more than once is joined
 * (RFC 3396), and options carried in {@code sname}/{@code file} under option 52 are read too.
 */
public final class DhcpMessage {

  public static final int BOOTREQUEST = 1;
  public static final int BOOTREPLY = 2;
  /** The flag bit a client sets when it cannot receive unicast before it has an address. */
  public static final int FLAG_BROADCAST = 0x8000;
  static final int MAGIC_COOKIE = 0x63825363;
  /** Header (236 bytes) plus the cookie. */
  static final int FIXED_LENGTH = 240;
  /** RFC 2131 §2: a client must accept 576-byte messages; BOOTP relays expect at least 300. */
  static final int MIN_LENGTH = 300;

  private int op;
  private int htype = 1;
  private int hlen = 6;
  private int hops;
  private int xid;
  private int secs;
  private int flags;
  private int ciaddr;
  private int yiaddr;
  private int siaddr;
  private int giaddr;
  private byte[] chaddr = new byte[16];
  private String sname = "";
  private String file = "";
  private final Map<Integer, byte[]> options = new LinkedHashMap<>();

  /** Reads a message; throws only {@link DhcpDecodeException}. */
  public static DhcpMessage decode(byte[] bytes, int offset, int length) throws DhcpDecodeException {
    if (length < FIXED_LENGTH) {
      throw new DhcpDecodeException(DhcpDecodeException.Reason.TOO_SHORT, "message of " + length + " bytes");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes, offset, length);
    DhcpMessage m = new DhcpMessage();
    m.op = in.get() & 0xff;
    if (m.op != BOOTREQUEST && m.op != BOOTREPLY) {
      throw new DhcpDecodeException(DhcpDecodeException.Reason.BAD_OP, "op " + m.op);
    }
    m.htype = in.get() & 0xff;
    m.hlen = in.get() & 0xff;
    if (m.hlen > 16) {
      throw new DhcpDecodeException(DhcpDecodeException.Reason.BAD_HARDWARE_ADDRESS, "hlen " + m.hlen);
    }
    m.hops = in.get() & 0xff;
    m.xid = in.getInt();
    m.secs = in.getShort() & 0xffff;
    m.flags = in.getShort() & 0xffff;
    m.ciaddr = in.getInt();
    m.yiaddr = in.getInt();
    m.siaddr = in.getInt();
    m.giaddr = in.getInt();
    in.get(m.chaddr);
    byte[] snameField = new byte[64];
    byte[] fileField = new byte[128];
    in.get(snameField);
    in.get(fileField);
    if (in.getInt() != MAGIC_COOKIE) {
      throw new DhcpDecodeException(DhcpDecodeException.Reason.BAD_MAGIC_COOKIE, "no DHCP magic cookie");
    }
    readOptions(in, m.options);
    int overload = m.options.containsKey(Options.OVERLOAD) && m.options.get(Options.OVERLOAD).length == 1
        ? m.options.get(Options.OVERLOAD)[0] & 0xff : 0;
    if ((overload & 1) != 0) {
      readOptions(ByteBuffer.wrap(fileField), m.options);
    } else {
      m.file = cString(fileField);
    }
    if ((overload & 2) != 0) {
      readOptions(ByteBuffer.wrap(snameField), m.options);
    } else {
      m.sname = cString(snameField);
    }
    return m;
  }

  public static DhcpMessage decode(byte[] bytes) throws DhcpDecodeException {
    return decode(bytes, 0, bytes.length);
  }

  private static void readOptions(ByteBuffer in, Map<Integer, byte[]> into) throws DhcpDecodeException {
    while (in.hasRemaining()) {
      int code = in.get() & 0xff;
      if (code == Options.PAD) {
        continue;
      }
      if (code == Options.END) {
        return;
      }
      if (!in.hasRemaining()) {
        throw new DhcpDecodeException(DhcpDecodeException.Reason.BAD_OPTION, "option " + code + " has no length");
      }
      int len = in.get() & 0xff;
      if (len > in.remaining()) {
        throw new DhcpDecodeException(DhcpDecodeException.Reason.BAD_OPTION,
            "option " + code + " claims " + len + " bytes, " + in.remaining() + " left");
      }
      byte[] value = new byte[len];
      in.get(value);
      byte[] earlier = into.get(code);
      if (earlier == null) {
        into.put(code, value);
      } else { // RFC 3396: a long option split into several instances is their concatenation
        byte[] joined = Arrays.copyOf(earlier, earlier.length + len);
        System.arraycopy(value, 0, joined, earlier.length, len);
        into.put(code, joined);
      }
    }
    // Some clients omit END after the last option; what was read is kept.
  }

  private static String cString(byte[] field) {
    int end = 0;
    while (end < field.length && field[end] != 0) {
      end++;
    }
    return new String(field, 0, end, StandardCharsets.US_ASCII);
  }

  /** Writes the message, padded to {@link #MIN_LENGTH}; options longer than 255 bytes are split (RFC 3396). */
  public byte[] encode() {
    int optionBytes = 1;
    for (byte[] v : options.values()) {
      optionBytes += 2 * Math.max(1, (v.length + 254) / 255) + v.length;
    }
    ByteBuffer out = ByteBuffer.allocate(Math.max(MIN_LENGTH, FIXED_LENGTH + optionBytes));
    out.put((byte) op).put((byte) htype).put((byte) hlen).put((byte) hops);
    out.putInt(xid).putShort((short) secs).putShort((short) flags);
    out.putInt(ciaddr).putInt(yiaddr).putInt(siaddr).putInt(giaddr);
    out.put(chaddr, 0, 16);
    putField(out, sname, 64);
    putField(out, file, 128);
    out.putInt(MAGIC_COOKIE);
    for (Map.Entry<Integer, byte[]> option : options.entrySet()) {
      byte[] v = option.getValue();
      int at = 0;
      do {
        int chunk = Math.min(255, v.length - at);
        out.put(option.getKey().byteValue()).put((byte) chunk).put(v, at, chunk);
        at += chunk;
      } while (at < v.length);
    }
    out.put((byte) Options.END);
    return out.array();
  }

  private static void putField(ByteBuffer out, String value, int size) {
    byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
    int n = Math.min(bytes.length, size - 1); // keep a terminating NUL
    out.put(bytes, 0, n);
    out.position(out.position() + size - n);
  }

  /** A reply to {@code request}: same xid, flags, giaddr and hardware address (RFC 2131 table 3). */
  public static DhcpMessage replyTo(DhcpMessage request) {
    DhcpMessage m = new DhcpMessage();
    m.op = BOOTREPLY;
    m.htype = request.htype;
    m.hlen = request.hlen;
    m.xid = request.xid;
    m.flags = request.flags;
    m.giaddr = request.giaddr;
    m.chaddr = request.chaddr.clone();
    return m;
  }

  public static DhcpMessage request() {
    DhcpMessage m = new DhcpMessage();
    m.op = BOOTREQUEST;
    return m;
  }

  // --- header fields

  public int op() { return op; }
  public int htype() { return htype; }
  public int hlen() { return hlen; }
  public int hops() { return hops; }
  public int xid() { return xid; }
  public int secs() { return secs; }
  public int flags() { return flags; }
  public int ciaddr() { return ciaddr; }
  public int yiaddr() { return yiaddr; }
  public int siaddr() { return siaddr; }
  public int giaddr() { return giaddr; }
  public String sname() { return sname; }
  public String file() { return file; }

  public DhcpMessage xid(int v) { xid = v; return this; }
  public DhcpMessage flags(int v) { flags = v; return this; }
  public DhcpMessage hops(int v) { hops = v; return this; }
  public DhcpMessage ciaddr(int v) { ciaddr = v; return this; }
  public DhcpMessage yiaddr(int v) { yiaddr = v; return this; }
  public DhcpMessage siaddr(int v) { siaddr = v; return this; }
  public DhcpMessage giaddr(int v) { giaddr = v; return this; }
  public DhcpMessage sname(String v) { sname = v; return this; }
  public DhcpMessage file(String v) { file = v; return this; }

  public boolean broadcastFlag() {
    return (flags & FLAG_BROADCAST) != 0;
  }

  /** The client's hardware address as canonical lower-case {@code aa:bb:cc:dd:ee:ff}. */
  public String mac() {
    return Mac.format(chaddr, Math.min(hlen, 16));
  }

  public DhcpMessage mac(String mac) {
    byte[] bytes = Mac.parse(mac);
    chaddr = Arrays.copyOf(bytes, 16);
    hlen = bytes.length;
    htype = 1;
    return this;
  }

  // --- options

  public Map<Integer, byte[]> options() {
    return Collections.unmodifiableMap(options);
  }

  public byte[] option(int code) {
    return options.get(code);
  }

  public boolean has(int code) {
    return options.containsKey(code);
  }

  public DhcpMessage option(int code, byte[] value) {
    options.put(code, value);
    return this;
  }

  public DhcpMessage option(int code, String value) {
    return option(code, value.getBytes(StandardCharsets.US_ASCII));
  }

  public DhcpMessage optionAddress(int code, int... addresses) {
    ByteBuffer b = ByteBuffer.allocate(4 * addresses.length);
    for (int a : addresses) {
      b.putInt(a);
    }
    return option(code, b.array());
  }

  public DhcpMessage optionInt(int code, int value) {
    return option(code, ByteBuffer.allocate(4).putInt(value).array());
  }

  /** Option 53, or null when missing or not a defined type (a plain BOOTP message). */
  public MessageType type() {
    byte[] v = options.get(Options.MESSAGE_TYPE);
    return v == null || v.length != 1 ? null : MessageType.of(v[0] & 0xff);
  }

  public DhcpMessage type(MessageType type) {
    return option(Options.MESSAGE_TYPE, new byte[] {(byte) type.code()});
  }

  /** A 4-byte option as an address (or a 32-bit number), or null if absent or malformed. */
  public Integer optionAddress(int code) {
    byte[] v = options.get(code);
    return v == null || v.length != 4 ? null : ByteBuffer.wrap(v).getInt();
  }

  public String optionString(int code) {
    byte[] v = options.get(code);
    return v == null ? null : new String(v, StandardCharsets.US_ASCII);
  }

  /** Option 93's first architecture code, or null when absent. */
  public Integer clientArchitectureCode() {
    byte[] v = options.get(Options.CLIENT_ARCH);
    return v == null || v.length < 2 ? null : ((v[0] & 0xff) << 8) | (v[1] & 0xff);
  }

  /** The user classes of option 77 (RFC 3004: length-prefixed items; iPXE sends the bare text "iPXE"). */
  public boolean hasUserClass(String name) {
    byte[] v = options.get(Options.USER_CLASS);
    if (v == null) {
      return false;
    }
    if (new String(v, StandardCharsets.US_ASCII).equals(name)) {
      return true;
    }
    int at = 0;
    while (at < v.length) {
      int len = v[at] & 0xff;
      if (at + 1 + len > v.length) {
        return false;
      }
      if (new String(v, at + 1, len, StandardCharsets.US_ASCII).equals(name)) {
        return true;
      }
      at += 1 + len;
    }
    return false;
  }

  @Override
  public String toString() {
    return "DhcpMessage{" + (type() == null ? "BOOTP op " + op : type()) + " xid=" + Integer.toHexString(xid)
        + " mac=" + mac() + " ciaddr=" + Ipv4.format(ciaddr) + " yiaddr=" + Ipv4.format(yiaddr)
        + " giaddr=" + Ipv4.format(giaddr) + "}";
  }
}
