package io.bmp.agent.host.linux;

import io.bmp.agent.host.ImageException;
import io.bmp.agent.host.RaidLevel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Linux software RAID (mdadm) for the system volume. RAID 1 uses metadata 1.0, kept at the end of
 * each member, so that UEFI firmware, which knows nothing of md, still reads the EFI partition on
 * either disk as a plain FAT filesystem.
 */
final class Raid {

  static final String SYSTEM_VOLUME = "/dev/md/bmp-system";

  private final Path sysBlock;

  Raid(Path sys) {
    this.sysBlock = sys.resolve("block");
  }

  /** The mdadm command that builds the system volume at {@code level} from the first disks it needs. */
  static List<String> createCommand(String level, List<String> disks) throws ImageException {
    RaidLevel raid = RaidLevel.of(level, disks.size());
    List<String> command = new ArrayList<>(List.of("mdadm", "--create", SYSTEM_VOLUME, "--run", "--homehost=any",
        "--level=" + raid.mdadmLevel(), "--raid-devices=" + raid.members(),
        "--metadata=" + (raid.name().equals("raid1") ? "1.0" : "1.2")));
    disks.subList(0, raid.members()).forEach(d -> command.add("/dev/" + d));
    return command;
  }

  /** Builds the volume (after stopping any array over these disks) and returns its device. */
  String create(String level, List<String> disks) throws IOException {
    List<String> command = createCommand(level, disks);
    if (!Tools.has("mdadm")) {
      throw new ImageException("TOOL_MISSING", "the LiveOS has no mdadm: software RAID " + level + " cannot be built");
    }
    List<String> members = disks.subList(0, RaidLevel.of(level, disks.size()).members());
    stopOver(members);
    for (String disk : members) { // only the members: the other disks may hold data a keep-data reinstall keeps
      Tools.run("wipefs", "-a", "-f", "/dev/" + disk);
    }
    Tools.run(command.toArray(String[]::new));
    return SYSTEM_VOLUME;
  }

  /** Stops every md array that has a member on these disks and clears the members' superblocks. */
  void stopOver(List<String> disks) throws IOException {
    Path block = sysBlock;
    if (!Tools.has("mdadm") || !Files.isDirectory(block)) {
      return;
    }
    List<String> arrays;
    try (Stream<Path> list = Files.list(block)) {
      arrays = list.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("md")).toList();
    }
    for (String array : arrays) {
      List<String> members = members(block.resolve(array));
      if (members.stream().anyMatch(m -> disks.stream().anyMatch(m::startsWith))) {
        Tools.run("mdadm", "--stop", "/dev/" + array);
        for (String member : members) {
          Tools.attempt(null, Tools.DEFAULT_TIMEOUT, "mdadm", "--zero-superblock", "/dev/" + member);
        }
      }
    }
  }

  private static List<String> members(Path array) throws IOException {
    Path slaves = array.resolve("slaves");
    if (!Files.isDirectory(slaves)) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(slaves)) {
      return list.map(p -> p.getFileName().toString()).toList();
    }
  }
}
