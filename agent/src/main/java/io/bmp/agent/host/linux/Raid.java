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
 * Linux software RAID (mdadm) for the system and data volumes. RAID 1 uses metadata 1.0, kept at
 * the end of each member, so that UEFI firmware, which knows nothing of md, still reads the EFI
 * partition on either disk as a plain FAT filesystem.
 */
final class Raid {

  static final String SYSTEM_VOLUME = "/dev/md/bmp-system";
  static final String DATA_VOLUME = "/dev/md/bmp-data";

  private final Path sysBlock;

  Raid(Path sys) {
    this.sysBlock = sys.resolve("block");
  }

  /** The mdadm command that builds {@code array} at {@code raid} over {@code members}. */
  static List<String> createCommand(String array, RaidLevel raid, List<String> members) {
    List<String> command = new ArrayList<>(List.of("mdadm", "--create", array, "--run", "--homehost=any",
        "--level=" + raid.mdadmLevel(), "--raid-devices=" + (members.size() - raid.spares())));
    if (raid.spares() > 0) {
      command.add("--spare-devices=" + raid.spares());
    }
    command.add("--metadata=" + (raid.name().equals("raid1") ? "1.0" : "1.2"));
    members.forEach(d -> command.add("/dev/" + d));
    return command;
  }

  /** Builds the array over {@code members} (after stopping any array over them) and returns its device. */
  String create(String array, RaidLevel raid, List<String> members) throws IOException {
    List<String> command = createCommand(array, raid, members);
    requireMdadm(raid.name());
    stopOver(members, true);
    for (String disk : members) { // only the members: the other disks may hold data a keep-data reinstall keeps
      Tools.run("wipefs", "-a", "-f", "/dev/" + disk);
    }
    Tools.run(command.toArray(String[]::new));
    return array;
  }

  /**
   * Assembles the array an earlier install built over {@code members} under its name again, for a
   * keep-data reinstall: nothing on the members is written.
   */
  String assemble(String array, List<String> members) throws IOException {
    requireMdadm("the kept data volume");
    stopOver(members, false); // an array the LiveOS assembled by itself under another name
    List<String> command = new ArrayList<>(List.of("mdadm", "--assemble", array, "--run"));
    members.forEach(d -> command.add("/dev/" + d));
    Tools.run(command.toArray(String[]::new));
    return array;
  }

  private static void requireMdadm(String what) throws ImageException {
    if (!Tools.has("mdadm")) {
      throw new ImageException("TOOL_MISSING", "the LiveOS has no mdadm: software RAID " + what + " cannot be built");
    }
  }

  /** Stops every md array that has a member on these disks and clears the members' superblocks. */
  void stopOver(List<String> disks) throws IOException {
    stopOver(disks, true);
  }

  private void stopOver(List<String> disks, boolean clearMembers) throws IOException {
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
        for (String member : clearMembers ? members : List.<String>of()) {
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
