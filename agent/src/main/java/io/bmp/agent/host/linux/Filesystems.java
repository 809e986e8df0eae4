package io.bmp.agent.host.linux;

import io.bmp.agent.host.ImageException;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** Making the layout's filesystems and the installed system's fstab that mounts them by UUID. */
final class Filesystems {

  private Filesystems() {
  }

  /** The mkfs command for {@code fsType}, with the label cut to what that filesystem allows. */
  static String[] mkfs(String fsType, String label, String device) throws ImageException {
    return switch (fsType) {
      case "ext2", "ext3", "ext4" -> label == null ? new String[] {"mkfs." + fsType, "-F", "-q", device}
          : new String[] {"mkfs." + fsType, "-F", "-q", "-L", cut(label, 16), device};
      case "xfs" -> label == null ? new String[] {"mkfs.xfs", "-f", "-q", device}
          : new String[] {"mkfs.xfs", "-f", "-q", "-L", cut(label, 12), device};
      case "vfat" -> new String[] {"mkfs.vfat", "-F", "32", "-n", cut(label == null ? "EFI" : label, 11).toUpperCase(), device};
      case "swap" -> label == null ? new String[] {"mkswap", device} : new String[] {"mkswap", "-L", cut(label, 15), device};
      default -> throw new ImageException("INVALID_ARGUMENT", "unsupported filesystem " + fsType);
    };
  }

  /** An fstab for the layout: each filesystem by UUID (device names change between boots; UUIDs do not). */
  static String fstab(Layout layout) throws IOException {
    StringBuilder fstab = new StringBuilder("# written by the BMP agent at install\n");
    for (Layout.Part part : layout.parts()) {
      if (part.fsType() == null) {
        continue;
      }
      String uuid = Target.uuid(part.device());
      if ("swap".equals(part.fsType())) {
        fstab.append("UUID=").append(uuid).append(" none swap sw 0 0\n");
      } else if (part.mountPoint() != null) {
        // A data volume that fails must not keep the system from booting: nofail.
        String options = "vfat".equals(part.fsType()) ? "umask=0077" : part.onDataVolume() ? "defaults,nofail" : "defaults";
        int pass = "/".equals(part.mountPoint()) ? 1 : 2;
        fstab.append("UUID=").append(uuid).append(' ').append(part.mountPoint()).append(' ').append(part.fsType())
            .append(' ').append(options).append(" 0 ").append(pass).append('\n');
      }
    }
    return fstab.toString();
  }

  /** Bytes in use on the filesystem mounted at {@code root}: what a tar install wrote. */
  static long usedBytes(Path root) throws IOException {
    FileStore store = Files.getFileStore(root);
    return store.getTotalSpace() - store.getUnallocatedSpace();
  }

  private static String cut(String label, int max) {
    return label.length() <= max ? label : label.substring(0, max);
  }
}
