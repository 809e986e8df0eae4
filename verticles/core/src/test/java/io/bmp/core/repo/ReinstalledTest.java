package io.bmp.core.repo;

import static org.assertj.core.api.Assertions.assertThat;

import io.bmp.core.domain.Device;
import io.bmp.core.domain.DeviceType;
import io.bmp.core.domain.Image;
import io.bmp.core.domain.Instance;
import io.bmp.core.domain.InstanceStatus;
import io.bmp.core.domain.OperatingSystem;
import io.bmp.core.domain.Partition;
import io.bmp.core.domain.Project;
import io.bmp.core.domain.Role;
import io.bmp.core.domain.Room;
import io.bmp.core.domain.SshKey;
import io.bmp.core.domain.User;
import io.bmp.core.storage.Ids;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The end of many reinstalls at once: each instance's record takes what was installed. On MariaDB
 * the instances' partition rows sit side by side in one index, and replacing them all at the same
 * moment deadlocked (200 reinstalls: one task chain stopped with "database error").
 */
class ReinstalledTest extends StorageTestBase {

  private static final int INSTANCES = 30;
  private static final List<Partition> OLD = List.of(new Partition("/", "ext4", 20_480, "root"));
  private static final List<Partition> NEW = List.of(new Partition("/boot", "ext4", 1024, "boot"),
      new Partition("/", "xfs", 40_960, "root"), new Partition("/data", "xfs", 10_240, "data"));

  @Test
  void manyReinstallsEndingAtOnceEachKeepTheirNewLayout() {
    InstanceRepository instances = new InstanceRepository(db);
    List<String> ids = instances(instances);

    List<List<String>> keySets = List.of(keys, keys, List.of(keys.get(1))); // added, the same again, one gone
    for (int round = 0; round < 3; round++) {
      List<Partition> layout = List.of(NEW, NEW, OLD).get(round); // changed, the same again, changed back
      List<String> keySet = keySets.get(round);
      List<Future<Void>> ended = ids.stream()
          .map(id -> instances.reinstalled(id, imageId, "uefi", "host-" + id, layout, keySet)).toList();
      Future.join(ended).transform(all -> Future.succeededFuture()).await(); // every one ended, failed or not
      for (int i = 0; i < ended.size(); i++) {
        assertThat(ended.get(i).succeeded()).as("instance %d: %s", i, ended.get(i).cause()).isTrue();
      }
      for (String id : ids) {
        Instance now = instances.get(id).await();
        assertThat(now.partitions()).isEqualTo(layout);
        assertThat(now.sshKeyIds()).containsExactlyInAnyOrderElementsOf(keySet);
        assertThat(now.status()).isEqualTo(InstanceStatus.RUNNING);
        assertThat(now.bootMode()).isEqualTo("uefi");
      }
    }
  }

  private String imageId;
  private List<String> keys;

  /** INSTANCES instances, each on its own device, all with the OLD layout. */
  private List<String> instances(InstanceRepository instances) {
    Room room = newRoom();
    DeviceType type = newDeviceType(room);
    Instant now = Instant.now();
    String userId = Ids.next("u");
    new UserRepository(db).create(db.pool(), new User(userId, "u" + userId.substring(2, 12), Role.USER, null, null, null,
        "en-US", "UTC", "x", null, null, null, now, now, 0)).await();
    String projectId = new ProjectRepository(db).create(new Project(Ids.next("p"), "project", userId, false, null, null,
        now, now, 0)).await().id();
    SshKeyRepository sshKeys = new SshKeyRepository(db);
    keys = new ArrayList<>();
    for (int k = 0; k < 2; k++) {
      keys.add(sshKeys.create(new SshKey(Ids.next("key"), userId, "key " + k, "ssh-ed25519 AAAA" + k + " k" + k,
          "SHA256:" + userId + k, now), 10).await().id());
    }
    CatalogRepository catalog = new CatalogRepository(db);
    OperatingSystem os = catalog.createOs(new OperatingSystem(Ids.next("os"), "Debian " + userId, "Debian", "12",
        "x86_64", 64, "root")).await();
    imageId = catalog.createImage(new Image(Ids.next("img"), "debian-" + userId, os.id(), "Debian", "12", "x86_64",
        List.of("uefi", "bios"), "raw", "debian.raw", null, 1L, null, "url", "ready", null, now, 0)).await().id();
    DeviceRepository devices = new DeviceRepository(db);
    List<Instance> all = new ArrayList<>();
    for (int i = 0; i < INSTANCES; i++) {
      Device device = devices.create(newDevice(room, type, uniqueSn(), uniqueBmc(), uniqueMac())).await();
      all.add(new Instance(Ids.next("i"), projectId, userId, room.id(), device.id(), type.id(), imageId, "vm-" + i,
          "vm-" + i, InstanceStatus.REINSTALLING, null, false, "bios", null, null, null, null, null, OLD, List.of(), now, now, 0));
    }
    db.inTransaction(tx -> instances.insert(tx, all)).await();
    return all.stream().map(Instance::id).toList();
  }
}
