package io.bmp.agent.host;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32;

/**
 * A GUID partition table (UEFI specification 2.10, section 5.3) written straight into a disk image:
 * protective MBR, primary header and entry array, and the backup array and header at the end. The
 * simulated host uses it so that a test can read the result with sgdisk or sfdisk, as it would read
 * a real disk. Written by hand because no kept Java library writes GPT; it is about a hundred lines
 * of fixed layout.
 */
public final class Gpt {

  public static final int SECTOR = 512;
  private static final int ENTRIES = 128;
  private static final int ENTRY_SIZE = 128;
  private static final int ENTRY_SECTORS = ENTRIES * ENTRY_SIZE / SECTOR; // 32
  /** Partitions start on 1 MiB boundaries, as parted and sgdisk place them. */
  private static final long ALIGN = (1 << 20) / SECTOR;

  public static final UUID LINUX_FS = UUID.fromString("0FC63DAF-8483-4772-8E79-3D69D8477DE4");
  public static final UUID EFI_SYSTEM = UUID.fromString("C12A7328-F81F-11D2-BA4B-00A0C93EC93B");
  public static final UUID BIOS_BOOT = UUID.fromString("21686148-6449-6E6F-744E-656564454649");
  public static final UUID LINUX_SWAP = UUID.fromString("0657FD6D-A4AB-43C4-84E5-0933C84B4F4F");

  /** One partition as asked: its type, name and size ({@code 0}: the rest of the disk). */
  public record Request(UUID type, String name, long bytes) {
    public Request {
      name = name == null ? "" : name;
    }
  }

  /** One partition as written, in sectors. */
  public record Entry(int number, UUID type, UUID id, String name, long firstLba, long lastLba) {
    public long offset() {
      return firstLba * SECTOR;
    }

    public long bytes() {
      return (lastLba - firstLba + 1) * SECTOR;
    }
  }

  private Gpt() {}

  /** Lays out the partitions on a disk of {@code diskBytes}; fails when they do not fit. */
  public static List<Entry> layout(long diskBytes, List<Request> requests) throws IOException {
    long lastLba = diskBytes / SECTOR - 1;
    long lastUsable = lastLba - 1 - ENTRY_SECTORS;
    long next = ALIGN;
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      Request r = requests.get(i);
      long sectors = r.bytes() == 0 ? lastUsable - next + 1 : (r.bytes() + SECTOR - 1) / SECTOR;
      long last = next + sectors - 1;
      if (sectors <= 0 || last > lastUsable || (r.bytes() == 0 && i != requests.size() - 1)) {
        throw new IOException("partition " + (i + 1) + " (" + r.name() + ") does not fit on a disk of " + diskBytes + " bytes");
      }
      entries.add(new Entry(i + 1, r.type(), UUID.randomUUID(), r.name(), next, last));
      next = (last + 1 + ALIGN - 1) / ALIGN * ALIGN;
    }
    return entries;
  }

  /** Writes the whole table for {@code entries} onto the disk. */
  public static void write(FileChannel disk, long diskBytes, List<Entry> entries) throws IOException {
    long lastLba = diskBytes / SECTOR - 1;
    ByteBuffer array = ByteBuffer.allocate(ENTRIES * ENTRY_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    for (Entry e : entries) {
      array.position((e.number() - 1) * ENTRY_SIZE);
      array.put(guid(e.type())).put(guid(e.id())).putLong(e.firstLba()).putLong(e.lastLba()).putLong(0);
      byte[] name = e.name().getBytes(StandardCharsets.UTF_16LE);
      array.put(name, 0, Math.min(name.length, 72));
    }
    CRC32 arrayCrc = new CRC32();
    arrayCrc.update(array.array());
    UUID diskId = UUID.randomUUID();
    long backupArray = lastLba - ENTRY_SECTORS;
    disk.write(ByteBuffer.wrap(protectiveMbr(lastLba)), 0);
    disk.write(ByteBuffer.wrap(header(1, lastLba, 2, lastLba, diskId, arrayCrc.getValue())), SECTOR);
    disk.write(ByteBuffer.wrap(array.array()), 2L * SECTOR);
    disk.write(ByteBuffer.wrap(array.array()), backupArray * SECTOR);
    disk.write(ByteBuffer.wrap(header(lastLba, 1, backupArray, lastLba, diskId, arrayCrc.getValue())), lastLba * SECTOR);
  }

  private static byte[] protectiveMbr(long lastLba) {
    ByteBuffer mbr = ByteBuffer.allocate(SECTOR).order(ByteOrder.LITTLE_ENDIAN);
    mbr.position(446);
    mbr.put((byte) 0).put((byte) 0).put((byte) 2).put((byte) 0); // not bootable; CHS of LBA 1
    mbr.put((byte) 0xEE).put((byte) 0xFF).put((byte) 0xFF).put((byte) 0xFF); // GPT protective; CHS end saturated
    mbr.putInt(1).putInt((int) Math.min(lastLba, 0xFFFFFFFFL));
    mbr.position(510);
    mbr.put((byte) 0x55).put((byte) 0xAA);
    return mbr.array();
  }

  private static byte[] header(long current, long backup, long arrayLba, long lastLba, UUID diskId, long arrayCrc) {
    ByteBuffer h = ByteBuffer.allocate(SECTOR).order(ByteOrder.LITTLE_ENDIAN);
    h.put("EFI PART".getBytes(StandardCharsets.US_ASCII)).putInt(0x00010000).putInt(92).putInt(0).putInt(0);
    h.putLong(current).putLong(backup).putLong(2 + ENTRY_SECTORS).putLong(lastLba - 1 - ENTRY_SECTORS);
    h.put(guid(diskId)).putLong(arrayLba).putInt(ENTRIES).putInt(ENTRY_SIZE).putInt((int) arrayCrc);
    CRC32 crc = new CRC32();
    crc.update(h.array(), 0, 92);
    h.putInt(16, (int) crc.getValue());
    return h.array();
  }

  /** A GUID in its on-disk form: the first three fields little-endian, the rest as written. */
  static byte[] guid(UUID id) {
    ByteBuffer big = ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
    byte[] b = big.array();
    return new byte[] {b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]};
  }
}
