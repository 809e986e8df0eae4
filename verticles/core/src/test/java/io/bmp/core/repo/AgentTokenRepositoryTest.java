package io.bmp.core.repo;

import static org.assertj.core.api.Assertions.assertThat;

import io.bmp.core.domain.Device;
import io.bmp.core.domain.DeviceType;
import io.bmp.core.domain.Room;
import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentTokenRepositoryTest extends StorageTestBase {

  private static final int DEVICES = 40;
  private static final int ROUNDS = 5;

  /**
   * Many machines booting at once each get a new LiveOS token (which revokes their last one). On
   * MariaDB the devices' tokens sit side by side in one index, and issuing them at the same moment
   * once deadlocked, failing one install's dhcp.reserve in ten.
   */
  @Test
  void tokensIssuedForManyDevicesAtOnceAllSucceedAndLeaveOneLiveTokenEach() {
    Room room = newRoom();
    DeviceType type = newDeviceType(room);
    DeviceRepository devices = new DeviceRepository(db);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < DEVICES; i++) {
      Device device = newDevice(room, type, uniqueSn(), uniqueBmc(), uniqueMac());
      ids.add(devices.create(device).await().id());
    }
    AgentTokenRepository tokens = new AgentTokenRepository(db);
    List<String> last = new ArrayList<>(ids);
    for (int round = 0; round < ROUNDS; round++) {
      List<Future<String>> issued = ids.stream()
          .map(device -> tokens.issue(AgentTokenRepository.LIVEOS, device, null, null, Duration.ofMinutes(5))).toList();
      Future.join(issued).transform(all -> Future.succeededFuture()).await(); // every one ended, failed or not
      for (int i = 0; i < issued.size(); i++) {
        assertThat(issued.get(i).succeeded()).as("round %d, device %d: %s", round, i, issued.get(i).cause()).isTrue();
        last.set(i, issued.get(i).result());
      }
    }
    for (int i = 0; i < ids.size(); i++) {
      assertThat(db.pool().preparedQuery("SELECT COUNT(*) AS n FROM agent_tokens WHERE device_id = ? AND state <> ?")
          .execute(Tuple.of(ids.get(i), "revoked")).await().iterator().next().getLong("n"))
          .as("live tokens of device %d", i).isEqualTo(1);
      assertThat(tokens.checkIn(last.get(i)).await()).as("the newest token of device %d checks in", i).isPresent();
    }
  }
}
