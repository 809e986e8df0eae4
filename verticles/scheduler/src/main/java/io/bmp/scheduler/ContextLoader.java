package io.bmp.scheduler;

import io.bmp.core.contract.AgentContract;
import io.bmp.core.crypto.SecretBox;
import io.bmp.core.domain.Image;
import io.bmp.core.domain.Instance;
import io.bmp.core.domain.RaidLevel;
import io.bmp.core.domain.Partition;
import io.bmp.core.domain.SshKey;
import io.bmp.core.domain.Task;
import io.bmp.core.repo.CatalogRepository;
import io.bmp.core.repo.DeviceRepository;
import io.bmp.core.repo.InstanceRepository;
import io.bmp.core.repo.RoomRepository;
import io.bmp.core.repo.SshKeyRepository;
import io.bmp.core.storage.Database;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.codec.digest.Sha2Crypt;

/** Reads a task's {@link TaskContext} from the repositories. */
final class ContextLoader {

  private final DeviceRepository devices;
  private final RoomRepository rooms;
  private final InstanceRepository instances;
  private final CatalogRepository catalog;
  private final SshKeyRepository sshKeys;
  private final SecretBox secrets;
  private final Vertx vertx;

  ContextLoader(Vertx vertx, Database database, SecretBox secrets) {
    this.vertx = vertx;
    this.devices = new DeviceRepository(database);
    this.rooms = new RoomRepository(database);
    this.instances = new InstanceRepository(database);
    this.catalog = new CatalogRepository(database);
    this.sshKeys = new SshKeyRepository(database);
    this.secrets = secrets;
  }

  Future<TaskContext> load(Task task) {
    JsonObject params = task.params() == null ? new JsonObject() : new JsonObject(task.params());
    return devices.get(task.deviceId()).compose(device -> rooms.get(device.roomId()).compose(room -> {
      if (task.instanceId() == null) {
        return Future.succeededFuture(new TaskContext(task, params, device, room, null, null, List.of(), List.of(), null,
            Map.of()));
      }
      return instances.find(task.instanceId()).compose(found -> {
        if (found.isEmpty()) {
          return Future.succeededFuture(new TaskContext(task, params, device, room, null, null, List.of(), List.of(), null,
            Map.of()));
        }
        Instance instance = found.get();
        String imageId = params.getString("imageId", instance.imageId());
        List<String> keyIds = params.containsKey("sshKeyIds")
            ? params.getJsonArray("sshKeyIds").stream().map(String::valueOf).toList() : instance.sshKeyIds();
        List<Partition> partitions = params.containsKey("partitions")
            ? AgentContract.partitions(params.getJsonArray("partitions"))
            : instance.partitions();
        Future<Image> image = catalog.getImage(imageId);
        // By id alone: the api checked, when the instance was created or reinstalled, that the
        // caller (its creator, a project member with write access, an operator) could use them,
        // and an instance keeps a key its owner deletes later.
        Future<List<SshKey>> keys = sshKeys.getForInstall(keyIds);
        Future<String> hash = passwordHash(instance);
        Future<Map<String, String>> raidLevels = catalog.raidLevels().map(levels -> levels.stream()
            .collect(Collectors.toMap(RaidLevel::id, RaidLevel::name)));
        return Future.all(image, keys, hash, raidLevels).map(v -> new TaskContext(task, params, device, room, instance,
            image.result(), partitions, keys.result().stream().map(SshKey::publicKey).toList(), hash.result(),
            raidLevels.result()));
      });
    }));
  }

  /** SHA-512 crypt runs 5,000 rounds on purpose (it is slow to guess): a worker computes it, not the event loop. */
  private Future<String> passwordHash(Instance instance) {
    if (instance.secretEnc() == null) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> Sha2Crypt.sha512Crypt(secrets.decrypt(instance.secretEnc())
        .getBytes(StandardCharsets.UTF_8)), false);
  }
}
